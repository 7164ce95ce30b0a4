// Route handlers for the methods a route does not serve. Next answers those
// with a bare 405 and no Allow header (RFC 9110 requires one), and its
// automatic OPTIONS would list these refusals as allowed, so each route
// exports the ones it lacks from here:
//   export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET, HEAD");

/** `allow`: what the route serves, as the Allow header lists it ("GET, HEAD"). */
export function otherMethods(allow: string) {
  const refuse = () => Response.json({ error: `Method not allowed. This address answers ${allow}.` }, { status: 405, headers: { Allow: allow } });
  return {
    GET: refuse,
    POST: refuse,
    PUT: refuse,
    PATCH: refuse,
    DELETE: refuse,
    OPTIONS: () => new Response(null, { status: 204, headers: { Allow: `${allow}, OPTIONS` } }),
  };
}
