/**
 * TypeScript authoring: `export default defineScript({...})`. The types come from the same
 * tables as the YAML format; the object compiles exactly like its YAML twin.
 */
import type { z } from 'zod';
import type { ACTIONS } from './actions';
import type { FORMATS, ParamDef } from './script-schema';

type ActionInput<N extends keyof typeof ACTIONS> = z.input<(typeof ACTIONS)[N]['schema']>;
/** One step: `{ click: { x, y } }`, `{ press: 'Enter' }`, or a primitive `{ my_primitive: {...} }`. */
export type StepInput =
  | { [N in keyof typeof ACTIONS]: { [K in N]: ActionInput<N> | string | number | StepInput[] | null } }[keyof typeof ACTIONS]
  | Record<string, Record<string, string | number | boolean> | null>;

export type PrimitiveInput = { description: string; params?: Record<string, ParamDef>; steps: StepInput[] };

export type ScriptInput = {
  title?: string;
  output?: { formats?: Array<(typeof FORMATS)[number]> };
  style?: Record<string, unknown>;
  voice?: { provider?: 'elevenlabs' | 'espeak'; voice?: string; model?: string; settings?: Record<string, unknown> };
  avatar?: { provider?: 'builtin' | 'video' | 'heygen'; image?: string; video?: string; avatarId?: string; settings?: Record<string, unknown> };
  import?: string[];
  primitives?: Record<string, PrimitiveInput>;
  steps?: StepInput[];
};

export const defineScript = <S extends ScriptInput>(script: S): S => script;
export const definePrimitive = <P extends PrimitiveInput>(primitive: P): P => primitive;
