// Type-checked lint for the whole repository (style.md: strict lint, a reason on every disable).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Private state of TypeORM and pg that Haven must not touch (issue 19): a lint error anywhere. */
const PRIVATE_STATE = [
  {
    selector:
      'MemberExpression[property.name=/^(master|isTransactionActive|transactionDepth|databaseConnection)$/]',
    message:
      'Private state of TypeORM/pg: use database/pool.ts (poolOf), database/sql.ts or transaction().',
  },
  {
    selector: "MemberExpression[object.name=/[pP]ool$/][property.name='constructor']",
    message: 'pg pool internals: HavenPool (database/pool.ts) owns its companion pool.',
  },
  {
    selector: "AssignmentExpression > MemberExpression.left[property.name='destroy']",
    message: 'Do not replace a data source method; HavenPool.end ends what Haven owns.',
  },
];

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
    // One way to open a transaction in the server (database/transaction.ts), and no reaching into
    // the private state of TypeORM or pg: a minor release of either may change it silently.
    files: ['server/**/*.ts', 'migrations/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...PRIVATE_STATE],
    },
  },
  {
    // Every hand-written statement goes through the typed query layer (database/sql.ts): no raw
    // `query(text)` or TypeORM query builders in the features.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/database/**', 'server/src/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...PRIVATE_STATE,
        {
          selector:
            "CallExpression[callee.property.name=/^(query|createQueryBuilder)$/], CallExpression[callee.property.name='transaction'][callee.object.type!='Identifier'], CallExpression[callee.property.name='transaction'][callee.object.name='dataSource']",
          message:
            'Statements go through database/sql.ts (db + rows/first/exec); transactions through transaction(dataSource, work).',
        },
      ],
    },
  },
  {
    files: ['server/src/database/**/*.ts'],
    ignores: ['server/src/database/transaction.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...PRIVATE_STATE,
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
