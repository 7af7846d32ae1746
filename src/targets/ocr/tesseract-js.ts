/**
 * The OCR engine: one tesseract.js worker (Tesseract 5 compiled to WebAssembly, run in a worker
 * thread), English LSTM model from the @tesseract.js-data/eng package (4.0.0_best_int). Every
 * file it loads comes from node_modules: the worker script and the WebAssembly core through
 * require, the model from the data package's folder; `cacheMethod: 'none'` keeps it from
 * writing a copy of the model into the working directory. Nothing is fetched.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { encodePgm, type Prepared } from './prepare-image';
import type { OcrLine, OcrWord } from './match-text';

const require = createRequire(import.meta.url);

/** The folder holding eng.traineddata.gz, inside node_modules. */
export const modelDir = (): string => path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

/** Tesseract's page segmentation modes screenplay uses: 3 = automatic layout, 11 = sparse text. */
export type PageSegMode = '3' | '11';

/**
 * Tesseract's binarisation before recognition: 'otsu' (one threshold for the page: bold and
 * light-on-colour text) or 'sauvola' (a threshold per neighbourhood: grey text on light cards,
 * text behind a dimming overlay).
 */
export type Threshold = 'otsu' | 'sauvola';
const THRESHOLDING_METHOD: Record<Threshold, string> = { otsu: '0', sauvola: '2' };

export type OcrEngine = {
  /** The lines read in a prepared picture, boxes mapped back to screen px. */
  read(p: Prepared, threshold?: Threshold): Promise<OcrLine[]>;
  close(): Promise<void>;
};

type TBox = { x0: number; y0: number; x1: number; y1: number };
type TWord = { text: string; confidence: number; bbox: TBox };
type TPage = { blocks: { paragraphs: { lines: { words: TWord[] }[] }[] }[] | null };

/** A box in the prepared picture's px, in screen px. */
export const toScreenBox = (p: Prepared, b: TBox) => {
  const x = p.origin.x + b.x0 / p.scale;
  const y = p.origin.y + b.y0 / p.scale;
  return {
    x: Math.round(x),
    y: Math.round(y),
    width: Math.max(1, Math.round((b.x1 - b.x0) / p.scale)),
    height: Math.max(1, Math.round((b.y1 - b.y0) / p.scale)),
  };
};

/**
 * Starts the worker (about 0.5–1 s: the WebAssembly core and the 4 MB model). `psm`: page
 * segmentation, default 3; `params`: more Tesseract parameters (for measurements).
 */
export const startTesseractJs = async (opts: { psm?: PageSegMode; params?: Record<string, string> } = {}): Promise<OcrEngine> => {
  const Tesseract = require('tesseract.js') as typeof import('tesseract.js');
  const worker = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
    langPath: modelDir(),
    gzip: true,
    cacheMethod: 'none',
    logger: () => undefined,
    errorHandler: () => undefined,
  });
  await worker.setParameters({
    tessedit_pageseg_mode: (opts.psm ?? '3') as Tesseract.PSM,
    user_defined_dpi: '96',
    debug_file: '/dev/null',
    thresholding_method: THRESHOLDING_METHOD.otsu,
    ...opts.params,
  });
  let current: Threshold = 'otsu';
  return {
    async read(p, threshold = 'otsu') {
      if (threshold !== current) {
        await worker.setParameters({ thresholding_method: THRESHOLDING_METHOD[threshold] });
        current = threshold;
      }
      // tesseract.js rejects with a bare string: made an Error with the step named.
      const r = await worker.recognize(encodePgm(p.image), {}, { blocks: true, text: false }).catch((reason: unknown) => {
        throw new Error(`OCR failed reading a ${p.image.width}x${p.image.height} px picture: ${String(reason)}`);
      });
      const page = r.data as unknown as TPage;
      const lines: OcrLine[] = [];
      for (const b of page.blocks ?? [])
        for (const par of b.paragraphs)
          for (const l of par.lines) {
            const words: OcrWord[] = l.words.map((w) => ({ text: w.text, confidence: w.confidence, box: toScreenBox(p, w.bbox) }));
            lines.push({ words });
          }
      return lines;
    },
    async close() {
      await worker.terminate();
    },
  };
};
