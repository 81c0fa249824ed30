/** Live session services (issue 6): rooms, chat, polls, slides, whiteboard, documents, attendance. */
export {};
