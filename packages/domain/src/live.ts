/** Live session socket contracts and room rules (issue 6). */
export {};
