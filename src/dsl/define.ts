/**
 * TypeScript authoring: `export default defineScript({...})`. The types come from the same
 * tables as the YAML format (each action's zod schema in ACTIONS, each top-level key's in
 * topLevelSchemas), so tsc refuses what compileScript would: an unknown action, a bare number
 * for a duration, a wrong type or an unknown key in an action's object, a primitive used with
 * params it does not take. Types only: defineScript and definePrimitive return their argument.
 */
import type { z } from 'zod';
import type { ACTIONS, ActionName } from './actions';
import type { Duration } from './duration';
import type { ParamType, TopLevelKey, topLevelSchemas } from './script-schema';

export type { Duration };

/** A value as a `const` type parameter infers it: arrays may be readonly tuples. */
type AcceptReadonly<T> = T extends readonly (infer E)[]
  ? readonly AcceptReadonly<E>[]
  : T extends (...a: never[]) => unknown
    ? T
    : T extends object
      ? { [K in keyof T]: AcceptReadonly<T[K]> }
      : T;

/** Flattens an intersection into one object type (for readable hovers and errors). */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * Each action's short form (`{ press: 'Enter' }`, `{ wait: '2s' }`), mirroring `short` in
 * src/dsl/actions.ts; `never` where an action has none. A key per action: a new action that is
 * not listed here fails the `ShortFormsCover` check below. `L` is a list of steps (for `cut: [ … ]`).
 */
type ShortForms<L> = {
  move: string;
  click: string;
  drag: never;
  scroll: number;
  type: string;
  press: string;
  wait: Duration;
  wait_for_image: string;
  open_terminal: null | '';
  run: string;
  wait_for_text: string;
  record_session: never;
  replay_session: string;
  session: never;
  wait_for_settled: Duration;
  wait_for: never;
  open_browser: string;
  goto: string;
  say: string;
  zoom: number;
  speedup: never;
  cut: L;
  callout: never;
  blur: never;
  hide_cursor: L;
  title_card: string;
  end_card: string;
  chapter: string;
};
/** Action N's short form (`never` where it has none), as a TypeScript script writes it. */
export type ShortForm<N extends ActionName> = ShortForms<StepList>[N];
/** Fails to compile when ShortForms misses an action or names one that does not exist. */
type ShortFormsCover = [ActionName] extends [keyof ShortForms<unknown>] ? ([keyof ShortForms<unknown>] extends [ActionName] ? true : false) : false;
type Assert<T extends true> = T;
export type ShortFormsCoverEveryAction = Assert<ShortFormsCover>;

/** Action N's long form as its schema takes it (z.input); arrays may be readonly. */
type Input<N extends ActionName> = AcceptReadonly<z.input<(typeof ACTIONS)[N]['schema']>>;
/** The long form of action N, a wrapping action's `steps` as a list of type L. */
type LongForm<N extends ActionName, L> = 'steps' extends keyof Input<N> ? Simplify<Omit<Input<N>, 'steps'> & { steps: L }> : Input<N>;

/** Steps of the built-in actions: `{ N: long form | short form }`, one key (a second action in the same step is refused). */
type ActionStep<L> = { [N in ActionName]: { [K in N]: LongForm<N, L> | ShortForms<L>[N] } & { [K in Exclude<ActionName, N>]?: never } }[ActionName];

/** A `${param}` substitution: inside a primitive's steps, any value may be one. */
type Substitution = `${string}\${${string}}${string}`;
/** T where every scalar may also be a `${param}` text (a whole-value `${param}` keeps the param's type). */
type Substitutable<T> = T extends readonly (infer E)[]
  ? readonly Substitutable<E>[]
  : T extends object
    ? { [K in keyof T]: Substitutable<T[K]> }
    : T | Substitution;
/** Action steps inside a primitive: like ActionStep, any value but a step list may be a `${param}`. */
type BodyActionStep<L> = {
  [N in ActionName]: {
    [K in N]:
      | ('steps' extends keyof Input<N> ? Simplify<Substitutable<Omit<Input<N>, 'steps'>> & { steps: L }> : Substitutable<Input<N>>)
      | (ShortForms<L>[N] extends L ? L : Substitutable<ShortForms<L>[N]>);
  };
}[ActionName];

/** A param's definition in a primitive (mirrors paramSchema in src/dsl/script-schema.ts). */
export type ParamDefInput = {
  type: ParamType;
  values?: readonly string[];
  default?: string | number | boolean;
  description?: string;
};

/** The value a use gives for a param: string, number, boolean, a Duration, or one of an enum's values. */
type ParamValue<D> = D extends { type: 'enum'; values: readonly (infer V)[] }
  ? V
  : D extends { type: 'string' }
    ? string
    : D extends { type: 'number' }
      ? number
      : D extends { type: 'boolean' }
        ? boolean
        : D extends { type: 'duration' }
          ? Duration
          : never;

/** What a use of a primitive with these params takes: params without a default are required. */
export type PrimitiveArgs<Params> = Simplify<
  { [K in keyof Params as Params[K] extends { default: unknown } ? never : K]: ParamValue<Params[K]> } & {
    [K in keyof Params as Params[K] extends { default: unknown } ? K : never]?: ParamValue<Params[K]>;
  }
>;

/** A map with no keys (a primitive without params): `{}` fits, a string does not. */
type NoArgs = { [key: string]: never };

/** The args of primitive definition D, and whether a use may give none (`{ name: null }`). */
type ArgsOfDef<D> = D extends { params?: infer Params }
  ? [keyof NonNullable<Params>] extends [never]
    ? NoArgs | null
    : {} extends PrimitiveArgs<NonNullable<Params>>
      ? PrimitiveArgs<NonNullable<Params>> | null
      : PrimitiveArgs<NonNullable<Params>>
  : NoArgs | null;

/** Uses of the primitives in P: `{ name: args }`. */
type PrimitiveStep<P> = { [N in keyof P & string]-?: { [K in N]: ArgsOfDef<NonNullable<P[N]>> } & { [A in ActionName]?: never } }[keyof P & string];

/**
 * One step of a script that can use the primitives P: `{ click: { x, y } }`, `{ press: 'Enter' }`,
 * `{ wait: '2s' }`, or `{ my_primitive: {...} }`.
 */
export type StepInput<P = {}> = ActionStep<StepList<P>> | PrimitiveStep<P>;
/** A list of steps (an interface: it lets StepInput refer to itself through wrapping actions). */
export interface StepList<P = {}> extends ReadonlyArray<StepInput<P>> {}

/**
 * A step inside a primitive: a built-in action (any value may be a `${param}`), or a use of
 * another primitive (not checked here: it may come from an import; compileScript checks it).
 */
export type PrimitiveStepInput =
  BodyActionStep<PrimitiveStepList> | ({ [name: string]: { readonly [param: string]: unknown } | null } & { [N in ActionName]?: never });
/** A list of steps inside a primitive. */
export interface PrimitiveStepList extends ReadonlyArray<PrimitiveStepInput> {}

/** A primitive's definition: what it does, its params, its steps (mirrors primitiveSchema). */
export type PrimitiveInput = {
  description: string;
  params?: { readonly [name: string]: ParamDefInput };
  steps: readonly [PrimitiveStepInput, ...PrimitiveStepInput[]];
};

/**
 * A primitive's signature: what a use needs to know (its params). `screenplay types` writes
 * these for the primitives a script imports from YAML libraries.
 */
export type PrimitiveSignature = { description?: string; params?: { readonly [name: string]: ParamDefInput }; steps?: readonly unknown[] };

/** Every top-level key but primitives and steps, as its schema in script-schema.ts takes it. */
type Settings = { [K in Exclude<TopLevelKey, 'primitives' | 'steps'>]?: AcceptReadonly<z.input<(typeof topLevelSchemas)[K]>> };

/**
 * A script whose steps may use the primitives P (name → signature): its own (`primitives:`) and
 * its imports'. Mirrors the YAML format key for key.
 */
export type ScriptInput<P extends { [name: string]: PrimitiveSignature } = {}> = Settings & {
  /** Primitives defined here: name (lower_snake_case) → definition. */
  primitives?: P & { [N in keyof P]?: { description: string; steps: readonly [PrimitiveStepInput, ...PrimitiveStepInput[]] } };
  steps?: NoInfer<readonly StepInput<P>[]>;
};

/**
 * Types a script: `export default defineScript({ title, steps: [...] })`. Returns its argument
 * unchanged (no run-time cost); screenplay compiles it like its YAML twin.
 *
 * Primitives defined in `primitives:` are inferred: their uses in `steps` are checked against
 * their params. For primitives imported from YAML libraries, pass their signatures, written by
 * `screenplay types FILE`: `defineScript<Primitives>({...})` (the generated map holds the
 * script's own primitives too, so one type argument covers every use).
 */
export const defineScript = <const P extends { [name: string]: PrimitiveSignature } = {}>(script: ScriptInput<P>): ScriptInput<P> => script;

/**
 * Types one primitive: `definePrimitive({ description, params: { name: { type: 'string' } }, steps })`.
 * Returns its argument unchanged; its literal types (param types, enum values) are kept, so a
 * script's uses of it are checked against its params.
 */
export const definePrimitive = <const D extends PrimitiveInput>(primitive: D): D => primitive;
