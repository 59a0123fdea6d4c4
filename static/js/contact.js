// Contact emails are written "nombre [arroba] dominio" in the HTML, so that harvesters
// reading the source find no address; this turns them into real mailto links for people.
// Without JavaScript the text stays as it is, readable. An external file loaded with
// `defer`: it runs under a strict Content-Security-Policy (no inline script).
(() => {
  // "local [word] domain": the last bracketed word before a domain without spaces.
  const pattern = /^(\S(?:.*\S)?) \[[^\]]+\] ([^\s@]+\.[^\s@]+)$/;
  for (const element of document.querySelectorAll("[data-email]")) {
    const match = element.textContent.trim().match(pattern);
    if (!match) continue;
    const [, local, domain] = match;
    const link = document.createElement("a");
    link.href = `mailto:${encodeURIComponent(local)}@${domain}`;
    link.textContent = `${local}@${domain}`;
    element.replaceChildren(link);
  }
})();
