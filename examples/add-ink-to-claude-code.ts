// The TypeScript twin of add-ink-to-claude-code.yaml: it compiles to the same plan.
import { defineScript } from '../src/dsl/define';

export default defineScript({
  title: 'Add Ink to Claude Code',
  output: { formats: ['tiktok', 'landscape'] },
  voice: { provider: 'elevenlabs', voice: 'Rachel' },
  import: ['screenplay/claude-code'],
  steps: [
    { say: "Let's give Claude Code a deploy button." },
    { open_terminal: { theme: 'dark', title: 'my-app' } },
    { add_mcp_server_claude_code: { name: 'ink', url: 'https://mcp.ml.ink/mcp' } },
    { say: { id: 'check', text: 'Claude Code now lists Ink as an MCP server.', wait: false } },
    { zoom: { level: 2.2, hold: '2s' } },
    { start_claude_code: {} },
    { ask_claude: { prompt: 'What can the ink MCP server do?', until: 'deploy this app', timeout: '90s' } },
    { say: { id: 'outro', text: "That's it: one command, and Claude can deploy." } },
  ],
});
