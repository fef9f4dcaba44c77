package web

import (
	"container/list"
	"context"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/internal/disclosure"
)

// The public pages most visitors read (documents, listings, feeds, sitemaps)
// are kept rendered for a few seconds, so that a busy portal renders each
// page once per pageCacheTTL instead of once per visitor. The TTL is short
// because several processes may share one PostgreSQL database: each sees a
// change made by another within seconds, with no invalidation messages.
//
// Only anonymous GETs are cached. Signed-in staff get pages with their name
// on them, never cached. A cached page is the same for every visitor: it is
// rendered without the visitor's form token (the 适老化 switch in the header
// posts without one, see checkCSRF), and the per-visitor CSRF cookie is still
// set by authenticate, outside the cache.

const (
	pageCacheTTL        = 5 * time.Second
	pageCacheMaxEntries = 5000
	pageCacheMaxBytes   = 64 << 20
)

type pageCache struct {
	maxEntries int
	maxBytes   int

	mu       sync.Mutex
	ttl      time.Duration
	now      func() time.Time // tests move the clock
	size     int              // bytes of all bodies
	lru      *list.List       // of *cachedPage, most recently used first
	entries  map[string]*list.Element
	inflight map[string]*pageFill

	hits, misses atomic.Int64

	latest atomic.Pointer[latestDocs] // the home page's 最新公开
}

type latestDocs struct {
	docs []disclosure.Document
	at   time.Time
}

// cachedPage is one rendered response.
type cachedPage struct {
	key      string
	status   int
	header   http.Header // the handler's headers (never Set-Cookie)
	body     []byte
	etag     string
	modified time.Time // Last-Modified
	stored   time.Time
	// The validators and the length as header values, made once: a hit
	// sends them without allocating (see writePage).
	etagH, modifiedH, lengthH []string
}

// setModified sets Last-Modified.
func (p *cachedPage) setModified(t time.Time) {
	p.modified = t
	p.modifiedH = nil
	if !t.IsZero() {
		p.modifiedH = []string{t.UTC().Format(http.TimeFormat)}
	}
}

// pageFill lets concurrent misses of one key wait for a single rendering
// instead of all rendering the same page when an entry expires.
type pageFill struct {
	done chan struct{}
	page *cachedPage // nil when the response was not cacheable
}

func newPageCache(ttl time.Duration, maxEntries, maxBytes int) *pageCache {
	return &pageCache{ttl: ttl, maxEntries: maxEntries, maxBytes: maxBytes, now: time.Now,
		lru: list.New(), entries: map[string]*list.Element{}, inflight: map[string]*pageFill{}}
}

// get returns a fresh entry, or nil and, when nobody is rendering the key
// yet, a fill the caller must complete with finish. While one request
// renders an expired page again, the others get the expired copy at once
// (older than the TTL by one rendering at most) instead of queueing behind
// it: on a busy page, every expiry would otherwise stall all its visitors.
func (c *pageCache) get(key string) (*cachedPage, *pageFill) {
	c.mu.Lock()
	var stale *cachedPage
	if el, ok := c.entries[key]; ok {
		p := el.Value.(*cachedPage)
		if c.now().Sub(p.stored) < c.ttl {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			c.hits.Add(1)
			return p, nil
		}
		stale = p
	}
	if _, ok := c.inflight[key]; ok && stale != nil {
		c.mu.Unlock()
		c.hits.Add(1)
		return stale, nil
	}
	c.misses.Add(1)
	if f, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-f.done
		if f.page != nil {
			return f.page, nil
		}
		return nil, nil // the other rendering was not cacheable: render without a fill
	}
	f := &pageFill{done: make(chan struct{})}
	c.inflight[key] = f
	c.mu.Unlock()
	return nil, f
}

// finish stores p (when not nil) and wakes those waiting for it. An entry
// whose body did not change keeps its Last-Modified.
func (c *pageCache) finish(key string, f *pageFill, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.inflight, key)
	f.page = p
	close(f.done)
	if p == nil || len(p.body) > c.maxBytes/8 {
		return
	}
	if el, ok := c.entries[key]; ok {
		old := el.Value.(*cachedPage)
		if old.etag == p.etag && p.header.Get("Last-Modified") == "" {
			p.setModified(old.modified)
		}
		c.remove(el)
	}
	c.entries[key] = c.lru.PushFront(p)
	c.size += len(p.body)
	for c.lru.Len() > c.maxEntries || c.size > c.maxBytes {
		c.remove(c.lru.Back())
	}
}

func (c *pageCache) remove(el *list.Element) {
	p := c.lru.Remove(el).(*cachedPage)
	delete(c.entries, p.key)
	c.size -= len(p.body)
}

// setTTL changes the lifetime of entries and setClock the clock (tests).
func (c *pageCache) setTTL(d time.Duration) {
	c.mu.Lock()
	c.ttl = d
	c.mu.Unlock()
}

func (c *pageCache) setClock(now func() time.Time) {
	c.mu.Lock()
	c.now = now
	c.mu.Unlock()
}

// stamp is the cache's current time; fresh reports whether something made
// at t is still within the TTL.
func (c *pageCache) stamp() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now()
}

func (c *pageCache) fresh(t time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now().Sub(t) < c.ttl
}

// bufferedResponse collects what a handler writes.
type bufferedResponse struct {
	header http.Header
	status int
	body   []byte // render writes a page at once: append allocates its size, no more
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.body = append(b.body, p...)
	return len(p), nil
}

// conditionalHeaders are answered by publicPage, never by the handler it wraps.
var conditionalHeaders = []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range"}

// publicPage serves a public GET page through the page cache and answers
// conditional requests (If-None-Match, If-Modified-Since → 304) for every
// visitor who is not signed in, with an ETag computed from the bytes sent:
// it is right whatever the page depends on (documents, catalog, site name).
// A handler may set Last-Modified when it knows it; otherwise a cached page
// is dated from when this process first rendered those exact bytes.
func (s *Server) publicPage(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ri := info(r)
		if ri.user != nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			h(w, r) // staff: pages with their name, marked no-store by render
			return
		}
		_, flashErr := r.Cookie(flashCookie)
		cacheable := s.pages != nil && ri.session == nil && flashErr != nil
		key := s.siteBaseURL(r) + r.URL.Path + "?" + r.URL.RawQuery
		if ri.elderly {
			key += "#elderly"
		}
		var fill *pageFill
		if cacheable {
			var p *cachedPage
			if p, fill = s.pages.get(key); p != nil {
				writePage(w, r, p)
				return
			}
		}
		ctx := r.Context()
		if cacheable {
			// The shared page carries no visitor's form token.
			anon := *ri
			anon.csrf = ""
			ctx = context.WithValue(ctx, ctxKey{}, &anon)
		}
		inner := r.WithContext(ctx)
		for _, k := range conditionalHeaders {
			if _, ok := r.Header[k]; ok {
				inner.Header = r.Header.Clone()
				for _, k := range conditionalHeaders {
					inner.Header.Del(k)
				}
				break
			}
		}
		finished := false
		if fill != nil {
			// Also when h panics: those waiting must not wait forever.
			defer func() {
				if !finished {
					s.pages.finish(key, fill, nil)
				}
			}()
		}
		rec := &bufferedResponse{header: http.Header{}}
		h(rec, inner)
		p := &cachedPage{key: key, status: rec.status, header: rec.header, body: rec.body,
			lengthH: []string{strconv.Itoa(len(rec.body))}}
		if p.status == 0 {
			p.status = http.StatusOK
		}
		if s.pages != nil {
			p.stored = s.pages.stamp()
		}
		if lm, err := http.ParseTime(rec.header.Get("Last-Modified")); err == nil {
			p.setModified(lm)
		} else if cacheable {
			p.setModified(time.Now().UTC())
		}
		if p.status == http.StatusOK {
			p.etag = pageETag(p.body)
			p.etagH = []string{p.etag}
		}
		if fill != nil {
			var keep *cachedPage
			if p.status == http.StatusOK && len(rec.header.Values("Set-Cookie")) == 0 {
				keep = p
			}
			finished = true
			s.pages.finish(key, fill, keep)
		}
		writePage(w, r, p)
	}
}

// writePage sends p, or 304 when the request's validators match it.
func writePage(w http.ResponseWriter, r *http.Request, p *cachedPage) {
	hd := w.Header()
	for k, vs := range p.header {
		if k == "Set-Cookie" {
			hd[k] = append(hd[k], vs...)
			continue
		}
		// The entry is shared: with len == cap, a writer that adds a value
		// gets a new array (nothing here changes a value in place).
		hd[k] = vs[:len(vs):len(vs)]
	}
	// The whole body is known: with its length, net/http sends it as it
	// is rather than in chunks.
	if p.status >= 200 && p.status != http.StatusNoContent && p.status != http.StatusNotModified {
		hd["Content-Length"] = p.lengthH
	}
	if p.status != http.StatusOK {
		w.WriteHeader(p.status)
		w.Write(p.body)
		return
	}
	hd["Etag"] = p.etagH
	if p.modifiedH != nil {
		hd["Last-Modified"] = p.modifiedH
	} else {
		delete(hd, "Last-Modified")
	}
	cc := hd["Cache-Control"]
	if len(cc) > 0 && strings.HasPrefix(cc[0], "public") {
		delete(hd, "Set-Cookie") // what shared caches keep must carry no visitor's cookie
	}
	if len(cc) == 0 || cc[0] == "" {
		// Browsers revalidate every time (cheap: a 304); shared proxies keep
		// nothing, since the response may set the visitor's cookie.
		hd["Cache-Control"] = privateNoCache
	}
	if notModified(r, p.etag, p.modified) {
		delete(hd, "Content-Type")
		delete(hd, "Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	w.Write(p.body)
}

var privateNoCache = []string{"private, no-cache"}

// pageETag is a weak validator computed from the bytes sent: two CRC-32s
// (Castagnoli and IEEE, both computed by the CPU's own instructions at
// several GB/s) and the length. It only has to tell one version of a page
// from the next; a cryptographic hash cost more than rendering the page.
func pageETag(body []byte) string {
	var sum [12]byte
	binary.BigEndian.PutUint32(sum[0:], crc32.Checksum(body, castagnoli))
	binary.BigEndian.PutUint32(sum[4:], crc32.ChecksumIEEE(body))
	binary.BigEndian.PutUint32(sum[8:], uint32(len(body)))
	return `W/"p-` + hex.EncodeToString(sum[:]) + `"`
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// notModified evaluates If-None-Match, or without it If-Modified-Since
// (RFC 9110 13.2.2: If-None-Match takes precedence).
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etag != "" && etagMatches(inm, etag)
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(t)
	}
	return false
}

// siteBaseURL is "scheme://host" of the request: for absolute links in
// feeds and sitemaps, and part of the page cache's key (so that a forged
// Host header cannot put its links into what others are served).
func (s *Server) siteBaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	} else if s.cfg.TrustProxy {
		if p := strings.ToLower(strings.TrimSpace(strings.Split(r.Header.Get("X-Forwarded-Proto"), ",")[0])); p == "https" || p == "http" {
			scheme = p
		}
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}
