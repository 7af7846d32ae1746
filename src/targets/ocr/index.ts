/**
 * PLACEHOLDER until OCR (src/targets/ocr/, issue 17) is merged: its real module replaces this
 * file. Only the signature is meant to last.
 */
import type { TextFinder } from '../types';

export const createTextFinder = async (): Promise<TextFinder> => {
  throw new Error('text targets are not built yet (src/targets/ocr/index.ts is a placeholder)');
};
