/** A brand colour and the ink that stays readable on it (WCAG contrast, black or white). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function brandColors(hex: string | null | undefined): { brand: string; ink: string } {
  const brand = hex && /^#[0-9a-fA-F]{6}$/.test(hex) ? hex : "#2563eb";
  const L = luminance(brand);
  const whiteInk = 1.05 / (L + 0.05);
  const blackInk = (L + 0.05) / 0.05;
  return { brand, ink: whiteInk >= blackInk ? "#ffffff" : "#000000" };
}
