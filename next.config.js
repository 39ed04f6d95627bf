// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded database's native driver must not be bundled.
  serverExternalPackages: ["better-sqlite3", "pg"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Nothing may reach the network at build or run time.
  images: { unoptimized: true },
  // One small stylesheet, inlined: the prospect's phone paints without a second round trip.
  experimental: { inlineCss: true },
  // Security headers (CSP and friends) are set for every response in lib/server.ts and proxy.ts.
};

export default nextConfig;
