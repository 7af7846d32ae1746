// Read by `npx remotion studio` and `npx remotion render`. Programmatic renders
// (src/render/render.ts) make the same choices. Remotion runs this from the project root.
import { Config } from '@remotion/cli/config';
import { configureRemotion } from './src/remotion-config';

configureRemotion(Config, process.cwd());
