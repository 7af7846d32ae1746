/** Text on any screen (OCR): the TextFinder the target resolver uses. */
export { createTextFinder, type TextFinderOptions } from './text-finder';
export { OcrInputError, MAX_SCREEN_SIDE } from './prepare-image';
