/** The stage a take is performed on: its shape, opening it, and a take or rehearsal on it. */
export type { Stage, StageChoice, StageSpec } from './types';
export { displaySize, openStage, stageEnv, SETUP_TIMEOUT_MS, type OpenStageOptions } from './open-stage';
export { captureOnStage, onStage, planStage, rehearseOnStage, type CaptureOnStageOptions, type RehearseOptions } from './capture-on-stage';
export { stageSpecOf, DEFAULT_STAGE_SCREEN, DEFAULT_STAGE_BACKGROUND } from '../dsl/stage-spec';
