export { createApp, type App } from './app.ts';
export { loadConfig, type AppConfig } from './config.ts';
export { appRouter, createCaller, type AppRouter } from './root.ts';
export { createRequestListener } from './server.ts';
export { createContext } from './trpc.ts';
export { createTutor, OfflineTutor } from '@satprep/tutor';
