// Lint for the program, the policy pack, the tools and the tests.
// @pulumi/eslint-plugin catches Outputs interpolated into plain template strings,
// which would otherwise render as "Calling [toString] on an [Output<T>]" at deploy time.
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  // .stryker-tmp holds npm run mutate's sandbox copies while a run is going.
  { ignores: ["node_modules/**", "dist/**", ".stryker-tmp/**", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
  {
    // What a plan runs: ICU's collation and number data take about 20 ms to load on first use.
    files: ["src/**/*.ts", "stack/**/*.ts", "policy/**/*.ts", "tools/engine/**/*.ts", "tools/plan/**/*.ts", "tools/resilience/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error",
        { property: "localeCompare", message: "loads ICU's collation data (about 9 ms a plan): use compareKeys (src/region/keyOrder.ts)" },
        { property: "toLocaleString", message: "loads ICU's number data (about 10 ms a plan): use grouped (tools/resilience/cost.ts)" }],
      "no-restricted-globals": ["error", { name: "Intl", message: "loads ICU's data on first use (about 10 ms a plan)" }],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
