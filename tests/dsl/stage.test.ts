/** The script's stage: block: compiled to plan.settings.stage (defaults filled), every mistake located. */
import { describe, expect, it } from 'vitest';
import { compile, messages } from './helpers';

const script = (stage: string, steps = '  - wait: 1s\n') => ({
  'main.yaml': `title: t\nstage: ${stage}\nsteps:\n${steps}`,
  'sub/x.yaml': 'steps: [ { wait: 1s } ]\n',
});

describe('stage: block → plan.settings.stage', () => {
  it.each([
    { name: 'no stage block: the defaults', stage: null, want: { screen: { width: 1920, height: 1080 }, env: {}, setup: [], background: '#2b3042' } },
    { name: 'screen as WxH', stage: '{ screen: 1280x720 }', want: { screen: { width: 1280, height: 720 } } },
    { name: 'screen as a map', stage: '{ screen: { width: 800, height: 600 } }', want: { screen: { width: 800, height: 600 } } },
    {
      name: 'env values as written, numbers as text',
      stage: '{ env: { GREETING: "hi ${USER}", PORT: 3000 } }',
      want: { env: { GREETING: 'hi ${USER}', PORT: '3000' } },
    },
    {
      name: 'a ./ PATH entry becomes project-relative',
      stage: '{ env: { PATH: "./sub:/usr/bin:${PATH}" } }',
      want: { env: { PATH: './sub:/usr/bin:${PATH}' } },
    },
    { name: 'cwd is a project folder', stage: '{ cwd: sub }', want: { cwd: 'sub' } },
    {
      name: 'setup lines in order, each with its source',
      stage: '\n  setup:\n    - echo one\n    - "make build"',
      want: { setup: ['echo one', 'make build'], setupSources: ['main.yaml:4:7', 'main.yaml:5:7'] },
    },
    { name: 'background', stage: '{ background: "#102030" }', want: { background: '#102030' } },
  ])('$name', ({ stage, want }) => {
    const files = stage === null ? { 'main.yaml': 'steps:\n  - wait: 1s\n' } : script(stage);
    const r = compile(files);
    expect(messages(r)).toEqual([]);
    expect(r.plan!.settings.stage).toMatchObject(want);
  });
});

describe('stage: mistakes, each at its place, expected vs found', () => {
  it.each([
    {
      name: 'screen too small',
      stage: '{ screen: 100x720 }',
      want: /main\.yaml:2:18 stage\.screen: must be a size like "1920x1080" \(width x height, 320 to 7680 px each\), but got "100x720"/,
    },
    { name: 'screen not a size', stage: '{ screen: big }', want: /stage\.screen: must be a size like "1920x1080".*but got "big"/ },
    { name: 'screen map with a fraction', stage: '{ screen: { width: 800.5, height: 600 } }', want: /stage\.screen/ },
    {
      name: 'an env name with a dash',
      stage: '{ env: { "my-var": x } }',
      want: /stage\.env\.my-var: must be an environment variable name .* but got "my-var"/,
    },
    { name: 'an env value that is a list', stage: '{ env: { A: [1] } }', want: /stage\.env\.A: must be a text value, but got \[1\]/ },
    {
      name: 'a misspelt key',
      stage: '{ backgroud: "#000000" }',
      want: /main\.yaml:2:10 stage\.backgroud: unknown key "backgroud" \(did you mean "background"\?\); expected screen, env, cwd, setup, background/,
    },
    { name: 'a colour by name', stage: '{ background: red }', want: /stage\.background: must be a colour like "#2b3042", but got "red"/ },
    { name: 'an empty setup line', stage: '{ setup: [ "" ] }', want: /stage\.setup\[0\]: must be a shell command line, not empty/ },
    { name: 'cwd outside the project', stage: '{ cwd: ../elsewhere }', want: /stage\.cwd: must be a path inside the project folder/ },
    {
      name: 'a PATH entry outside the project',
      stage: '{ env: { PATH: "../bin:${PATH}" } }',
      want: /stage\.env\.PATH: a PATH entry must be a path inside the project folder/,
    },
  ])('$name', ({ stage, want }) => {
    const r = compile(script(stage));
    expect(r.plan).toBeNull();
    expect(messages(r).join('\n')).toMatch(want);
  });

  it('literal points and regions are checked against stage.screen', () => {
    const steps =
      '  - click: { x: 1500, y: 100 }\n  - blur: { region: { x: 1000, y: 0, width: 300, height: 10 }, steps: [ { wait: 1s } ] }\n  - click: { x: 1279, y: 719 }\n';
    const r = compile(script('{ screen: 1280x720 }', steps));
    expect(messages(r)).toEqual([
      'main.yaml:4:5 : click target (1500, 100) is outside the 1280x720 screen: a point must be within x 0 to 1279, y 0 to 719 (stage.screen)',
      'main.yaml:5:5 : blur region (x 1000, y 0, 300x10) is not inside the 1280x720 screen: it must lie within x 0 to 1280, y 0 to 720 (stage.screen)',
    ]);
    // Without a stage screen, the screen is known only when the take starts.
    expect(messages(compile({ 'main.yaml': `steps:\n${steps}` }))).toEqual([]);
  });
});
