/** Studio workspace services (issue 6). */
export {};
