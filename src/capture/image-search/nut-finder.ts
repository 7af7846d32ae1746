/**
 * Image search for nut.js: the free fork has no finder, so screen.find(imageResource(...)) uses
 * this one, registered with registerOpenCvFinder(). OpenCV (wasm) matching on a pyramid, then
 * refined; transparent template pixels ignored, HiDPI templates found by the scale search.
 */
import type { Image, MatchRequest, MatchResult as NutMatchResult, Region as NutRegion } from '@nut-tree-fork/shared';
import { findTemplate, templateScaleFromName, type FindOptions, type Pixels } from './find-template';
import { loadOpenCv } from './opencv';

export const toPixels = (img: Image): Pixels => {
  if (img.byteWidth !== img.width * img.channels) {
    // Rows are padded: copy them tight.
    const tight = Buffer.alloc(img.width * img.height * img.channels);
    for (let y = 0; y < img.height; y++) img.data.copy(tight, y * img.width * img.channels, y * img.byteWidth, y * img.byteWidth + img.width * img.channels);
    return { width: img.width, height: img.height, channels: img.channels as 3 | 4, data: tight, order: img.colorMode === 0 ? 'bgr' : 'rgb' };
  }
  return { width: img.width, height: img.height, channels: img.channels as 1 | 3 | 4, data: img.data, order: img.colorMode === 0 ? 'bgr' : 'rgb' };
};

export class OpenCvImageFinder {
  constructor(private readonly options: Pick<FindOptions, 'scaleSearch'> = {}) {}

  async findMatch<P>(request: MatchRequest<Image, P>): Promise<NutMatchResult<NutRegion>> {
    const [first] = await this.findMatches(request);
    return first as NutMatchResult<NutRegion>;
  }

  async findMatches<P>(request: MatchRequest<Image, P>): Promise<NutMatchResult<NutRegion>[]> {
    const cv = await loadOpenCv();
    const { MatchResult, Region } = await import('@nut-tree-fork/shared');
    const confidence = request.confidence ?? 0.9;
    const hay = toPixels(request.haystack);
    const needle = toPixels(request.needle);
    // Screens grabbed at a pixel density above 1 (HiDPI) are matched in their own pixels.
    const sx = request.haystack.pixelDensity?.scaleX ?? 1;
    const sy = request.haystack.pixelDensity?.scaleY ?? 1;
    // The needle's id is its file name: `@2x` there declares its scale.
    const templateScale = templateScaleFromName(String(request.needle.id ?? ''));
    const { match, best } = findTemplate(cv, hay, needle, { confidence, templateScale, scaleSearch: this.options.scaleSearch });
    if (!match) {
      throw new Error(`No match with required confidence ${confidence}. Best match: ${best ? best.score.toFixed(3) : 'none'}`);
    }
    return [new MatchResult(match.score, new Region(match.x / sx, match.y / sy, match.width / sx, match.height / sy))];
  }
}

/** Makes nut.js screen.find / waitFor use the OpenCV finder. */
export const registerOpenCvFinder = async (options?: Pick<FindOptions, 'scaleSearch'>): Promise<void> => {
  const { providerRegistry } = await import('@nut-tree-fork/nut-js');
  providerRegistry.registerImageFinder(new OpenCvImageFinder(options));
};
