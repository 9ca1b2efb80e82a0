const max: Record<string, number> = {};
setInterval(() => { for (const [k, v] of Object.entries(process.memoryUsage())) max[k] = Math.max(max[k] ?? 0, Math.round(v / 1e6)); }, 50).unref();
process.on('exit', () => console.error('max MB', JSON.stringify(max)));
await import('./export-child.ts');
