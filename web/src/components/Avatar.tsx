/** A user's picture, or their initial on a colour when they have none. */
export function Avatar({ url, name, size = 'md' }: { url?: string | null; name: string; size?: 'sm' | 'md' | 'lg' }) {
  const px = size === 'lg' ? 256 : 64;
  return url ? (
    <img className={`avatar avatar--${size}`} src={`${url}?size=${px}`} alt="" />
  ) : (
    <span className={`avatar avatar--${size} avatar--initial`} aria-hidden="true">{(name || '?').slice(0, 1).toUpperCase()}</span>
  );
}
