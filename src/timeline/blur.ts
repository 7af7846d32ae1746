/** How strongly a privacy blur blurs (screen px): enough that text in the region cannot be read. */
export const blurRadius = (region: { width: number; height: number }): number =>
  Math.max(4, Math.min(40, Math.round(Math.min(region.width, region.height) / 4)));
