"""Transaction-independent X12 machinery: source reading, tokenizer, envelope, values."""
