/** Builds the production app once per test run (only when missing or stale), as `npm start` would. */
import { ensureBuild } from "../../lib/build";

export default function setup(): void {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  if (!ensureBuild(process.cwd(), (m) => console.log(m))) {
    throw new Error("`next build` failed; the integration and browser tests need a production build. See the output above.");
  }
}
