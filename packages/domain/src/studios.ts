/** Studio workspace rules and input schemas (issue 6). */
export {};
