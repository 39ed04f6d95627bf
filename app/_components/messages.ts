/**
 * Messages for error codes carried in a URL (after a form post without JavaScript). Only known
 * codes are shown, so a crafted link cannot put words on our pages.
 */
export const ERROR_MESSAGES: Record<string, string> = {
  invalid_credentials: "That e-mail and password do not match an account.",
  throttled: "Too many failed sign-ins. Wait a little and try again.",
  invalid_input: "Some fields need another look.",
  invalid_body: "The form could not be read. Try again.",
  cross_origin: "Use Ringback's own pages to do that.",
  already_set_up: "Ringback is already set up. Sign in instead.",
  admin_only: "Only an admin can open that page.",
};

export function errorMessage(code: string | string[] | undefined): string | undefined {
  return typeof code === "string" ? ERROR_MESSAGES[code] : undefined;
}
