/**
 * The content key of a media item. Every page that shows the item (as a picture or a download)
 * names this key among its own, so a change to the item purges exactly those pages, without media
 * knowing which pages they are.
 */
export const mediaKey = (id: number) => `media:${id}`;
