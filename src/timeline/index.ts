export * from './build-timeline';
export * from './view';
export * from './spring';
export * from './presets';
export { computeZoomWindows, type ZoomWindow, type ZoomTrigger } from './zoom-windows';
export { removeJitter, buildCursorTrack, type CursorTrack, type CursorFrame } from './cursor';
export { buildCameraTrack, computeCameraTargets, type CameraTrack } from './camera';
export { ripplesAt, type Ripple, type ClickMark } from './click-effects';
