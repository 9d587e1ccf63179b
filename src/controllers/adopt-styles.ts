/** Adds `css` to a shadow root's styles: a constructed sheet where there are such, else a `<style>` (the lazy parts' styles). */
export function adoptStyles(root: HTMLElement | DocumentFragment, css: string): void {
  const shadow = root as ShadowRoot;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}
