"""Reference code sets: ICD-10-CM, HCPCS, NCCI/MUE, NPI, POS, CARC, filing limits. Pure, no database."""
