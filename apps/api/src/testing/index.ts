export { ictLine, openTestApp, seedSmall, type TestApp } from "./testApp.js";
