/** Loads OpenCV (compiled to wasm, @techstark/opencv-js) once, on first use. */
import { createRequire } from 'node:module';

export type CV = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- opencv.js ships no types

let loading: Promise<CV> | null = null;

export const loadOpenCv = (): Promise<CV> => {
  loading ??= new Promise((resolve, reject) => {
    const require = createRequire(import.meta.url);
    const mod = require('@techstark/opencv-js') as CV;
    // Compiling the wasm holds no handle open: keep the process alive until it is ready.
    const keepAlive = setInterval(() => undefined, 1000);
    const ready = () => {
      clearInterval(keepAlive);
      // Emscripten's module is a thenable: resolving a promise with it (or returning it from an
      // async function) would call its `then` forever. Once ready, it is a plain object.
      delete mod.then;
      if (typeof mod.matchTemplate === 'function') resolve(mod);
      else reject(new Error('OpenCV loaded without matchTemplate'));
    };
    if (typeof mod.matchTemplate === 'function' && mod.Mat) ready();
    else mod.onRuntimeInitialized = ready;
  });
  return loading;
};
