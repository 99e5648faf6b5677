// Placeholder public API of the player feature; h-web2 replaces this module.
export { PlayerBar } from './PlayerBar';
