/** Browser tests need a real Chromium. Say how to get one instead of skipping silently. */
import { chromiumPath } from "./browser";

export default function check(): void {
  chromiumPath();
}
