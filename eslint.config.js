// Type-checked lint for the whole repository (style.md: strict lint, a reason on every disable).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'bench/results/**',
      '.haven/**',
      'client/e2e/screenshots/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Tests and JSON-shaped SQL results use `any` from supertest bodies; keep the type-checked
      // rules that catch bugs, and relax the ones that only restate supertest's typing.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    // One way to open a transaction in the server: database/transaction.ts sends a change's audit
    // events with its COMMIT; TypeORM's own would hold the audit chain's lock over a round trip.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/database/transaction.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='transaction'][callee.object.type!='Identifier'], CallExpression[callee.property.name='transaction'][callee.object.name='dataSource']",
          message:
            'Open transactions with transaction(dataSource, work) from database/transaction.ts.',
        },
      ],
    },
  },
  {
    // The client's build and test configs run in Node, typed by their own tsconfig.
    files: ['client/*.config.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './client/tsconfig.node.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
