import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '.data/**', '**/test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in config.ts and pass values down.' }],
    },
  },
  {
    // The places allowed to read the environment.
    files: ['apps/api/src/config.ts', 'apps/*/test/**', 'apps/api/test/**', 'bench/**', 'scripts/**', 'packages/*/test/**', 'apps/cli/src/**', 'packages/exporter/src/**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
