import { ApiError, currentSession, login, safeNext } from "./api.js";
import { $ } from "./dom.js";

const params = new URLSearchParams(window.location.search);
const next = safeNext(params.get("next"));
const NOTICES = {
  expired: "Your session ended. Log in again to continue.",
  logged_out: "You are logged out.",
};

function showError(message) {
  const box = $("#login-error");
  box.textContent = message;
  box.hidden = !message;
}

async function submit(event) {
  event.preventDefault();
  const email = $("#login-email").value.trim();
  const password = $("#login-password").value;
  if (!email || !password) {
    showError("Enter your e-mail and password.");
    return;
  }
  const button = $("#login-submit");
  button.disabled = true;
  showError("");
  try {
    await login(email, password);
    window.location.assign(next);
  } catch (error) {
    const refused = error instanceof ApiError && error.status < 500;
    showError(refused ? error.message : "The server could not be reached. Try again in a moment.");
    button.disabled = false;
  }
}

if (currentSession()) {
  window.location.replace(next);
} else {
  $("#login-notice").textContent = NOTICES[params.get("reason")] || "";
  $("#login-form").addEventListener("submit", submit);
}
