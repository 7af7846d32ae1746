/**
 * The executor table's types: each executor takes its action's parsed args (from the action's
 * schema), defaults included as always-present fields; a wrong or missing executor does not compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { CaptureContext, ExecutorTable } from '../../src/capture/executors';
import type { ActionArgs } from '../../src/dsl/actions';

describe('ExecutorTable', () => {
  it("gives each executor its own action's args", () => {
    expectTypeOf<Parameters<ExecutorTable['click']>[0]>().toEqualTypeOf<ActionArgs<'click'>>();
    expectTypeOf<Parameters<ExecutorTable['run']>[0]>().toEqualTypeOf<ActionArgs<'run'>>();
  });

  it('types a field with a schema default as always there', () => {
    expectTypeOf<ActionArgs<'click'>['button']>().toEqualTypeOf<'left' | 'right' | 'middle'>();
    expectTypeOf<ActionArgs<'click'>['double']>().toEqualTypeOf<boolean>();
    expectTypeOf<ActionArgs<'scroll'>['dy']>().toEqualTypeOf<number>();
    expectTypeOf<ActionArgs<'run'>['timeout']>().toEqualTypeOf<number>();
    expectTypeOf<ActionArgs<'wait_for_text'>['timeout']>().toEqualTypeOf<number>();
    expectTypeOf<ActionArgs<'zoom'>['hold']>().toEqualTypeOf<number>();
    expectTypeOf<ActionArgs<'callout'>['duration']>().toEqualTypeOf<number>();
    expectTypeOf<ActionArgs<'say'>['wait']>().toEqualTypeOf<boolean>();
    // Without a default, a field stays optional.
    expectTypeOf<ActionArgs<'zoom'>['level']>().toEqualTypeOf<number | undefined>();
  });

  it("refuses an executor written for another action's args", () => {
    // @ts-expect-error: press's args have no button or double
    const wrong: ExecutorTable['click'] = async (args: ActionArgs<'press'>, _ctx: CaptureContext) => void args;
    expectTypeOf(wrong).toBeFunction();
  });

  it('refuses a table with an action missing', () => {
    type WithoutSay = Omit<ExecutorTable, 'say'>;
    // @ts-expect-error: say has no executor
    const table: ExecutorTable = {} as WithoutSay;
    expectTypeOf(table).toBeObject();
  });
});
