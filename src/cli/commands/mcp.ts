import type { Command } from 'commander';

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description(
      'run an MCP server on stdio (tools: scan_api, get_scan, list_scans, explain_finding, compare_scans)',
    )
    .action(async () => {
      // Loaded on demand: the SDK is only needed by this command.
      const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
      const { createMcpServer } = await import('../../mcp/server.ts');
      const server = createMcpServer();
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => {
        transport.onclose = () => resolve();
        process.stdin.once('end', () => resolve());
      });
      await server.connect(transport);
      await closed;
      await server.close();
    });
}
