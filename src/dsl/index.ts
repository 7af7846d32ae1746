export {
  compileScript,
  redactPlan,
  type CompileInput,
  type CompileResult,
  type Diagnostic,
  type Plan,
  type PlanStep,
  type PlanMark,
  type StackFrame,
} from './compile';
export { ACTIONS, ACTION_NAMES, isAction, type ActionName } from './actions';
export { formatDiagnostic } from './format';
export { parseDuration, formatDuration } from './duration';
export { scriptJsonSchema } from './json-schema';
export {
  defineScript,
  definePrimitive,
  type ScriptInput,
  type PrimitiveInput,
  type PrimitiveSignature,
  type PrimitiveArgs,
  type StepInput,
  type Duration,
} from './define';
