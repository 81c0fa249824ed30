export { default } from "@yanxiu/eslint-config";
