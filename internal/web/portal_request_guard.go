package web

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dchest/captcha"
)

// Protection of the public application form without an outside service: a
// self-hosted challenge (digits drawn as an image, or read aloud in
// Chinese, by github.com/dchest/captcha) on the confirmation step, and
// in-memory rate limits per client address and per contact. Several
// processes behind one address each keep their own counts and challenges:
// a deployment with more than one process routes /requests/ to one of them
// or accepts limits that many times higher.

// IntakeLimits are the rate limits of the public pages of disclosure on
// request. Zero fields take the defaults of DefaultIntakeLimits; tests lower
// them with s.intake.SetLimits.
type IntakeLimits struct {
	// PerIP confirmed applications from one client address within PerIPWindow.
	PerIP       int
	PerIPWindow time.Duration
	// PerContact confirmed applications with one phone number or one e-mail
	// address within PerContactWindow.
	PerContact       int
	PerContactWindow time.Duration
	// TrackFailures wrong tracking codes from one address within
	// TrackWindow; after that the query page answers 429 until the window
	// has passed (guessing codes).
	TrackFailures int
	TrackWindow   time.Duration
	// Challenges new challenges one address may ask for within
	// ChallengeWindow (each costs memory until it expires).
	Challenges      int
	ChallengeWindow time.Duration
}

// DefaultIntakeLimits are the production limits.
var DefaultIntakeLimits = IntakeLimits{
	PerIP: 5, PerIPWindow: time.Hour,
	PerContact: 3, PerContactWindow: 24 * time.Hour,
	TrackFailures: 10, TrackWindow: 15 * time.Minute,
	Challenges: 60, ChallengeWindow: time.Hour,
}

// captchaDigits is the challenge's length; captchaWidth and captchaHeight
// the image's size in pixels.
const (
	captchaDigits = 5
	captchaWidth  = 200
	captchaHeight = 70
)

// intakeGuard holds the challenges and the counters of the public request
// pages (one per Server).
type intakeGuard struct {
	store captcha.Store
	now   func() time.Time

	mu sync.Mutex
	// limits are the rate limits (SetLimits).
	limitsSet IntakeLimits
	// verifier checks a challenge's answer and consumes the challenge:
	// verifyChallenge, or what a test put in with SetVerifier.
	verifier func(id, answer string) bool
	hits     map[string][]time.Time // limiter key → recent events, oldest first
}

func newIntakeGuard() *intakeGuard {
	g := &intakeGuard{limitsSet: DefaultIntakeLimits, now: time.Now, hits: map[string][]time.Time{},
		store: captcha.NewMemoryStore(captcha.CollectNum, captcha.Expiration)}
	g.verifier = g.verifyChallenge
	return g
}

// SetLimits changes the rate limits (tests lower them).
func (g *intakeGuard) SetLimits(change func(l *IntakeLimits)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	change(&g.limitsSet)
}

// SetVerifier replaces the challenge's check: the test hook that lets tests
// pass the challenge without reading an image. Production never calls it.
func (g *intakeGuard) SetVerifier(v func(id, answer string) bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.verifier = v
}

// Verify checks a challenge's answer and consumes the challenge.
func (g *intakeGuard) Verify(id, answer string) bool {
	g.mu.Lock()
	v := g.verifier
	g.mu.Unlock()
	return v(id, answer)
}

// newChallenge creates a challenge and returns its id.
func (g *intakeGuard) newChallenge() string {
	id := randomToken()[:20]
	g.store.Set(id, captcha.RandomDigits(captchaDigits))
	return id
}

// verifyChallenge compares answer (the digits, spaces and full-width digits
// allowed) with the challenge id and removes the challenge either way: one
// guess per challenge.
func (g *intakeGuard) verifyChallenge(id, answer string) bool {
	if id == "" {
		return false
	}
	want := g.store.Get(id, true)
	if len(want) == 0 {
		return false
	}
	var got []byte
	for _, r := range answer {
		switch {
		case r >= '0' && r <= '9':
			got = append(got, byte(r-'0'))
		case r >= '０' && r <= '９':
			got = append(got, byte(r-'０'))
		}
	}
	return len(got) == len(want) && subtle.ConstantTimeCompare(got, want) == 1
}

// allow reports whether key has had fewer than limit events within window.
func (g *intakeGuard) allow(key string, limit int, window time.Duration) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.recent(key, window)) < limit
}

// note records an event for key.
func (g *intakeGuard) note(key string, window time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hits[key] = append(g.recent(key, window), g.now())
	if len(g.hits) > 100_000 {
		g.sweep()
	}
}

// take is allow and note at once: it records the event when allowed.
func (g *intakeGuard) take(key string, limit int, window time.Duration) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := g.recent(key, window)
	if len(r) >= limit {
		return false
	}
	g.hits[key] = append(r, g.now())
	return true
}

// recent drops key's events older than window and returns the rest; g.mu is held.
func (g *intakeGuard) recent(key string, window time.Duration) []time.Time {
	ts := g.hits[key]
	cut := g.now().Add(-window)
	i := 0
	for i < len(ts) && !ts[i].After(cut) {
		i++
	}
	if i == len(ts) {
		delete(g.hits, key)
		return nil
	}
	ts = ts[i:]
	g.hits[key] = ts
	return ts
}

// sweep forgets keys with no event in the longest window; g.mu is held.
func (g *intakeGuard) sweep() {
	l := g.limitsSet
	longest := max(l.PerIPWindow, l.PerContactWindow, l.TrackWindow, l.ChallengeWindow)
	for k := range g.hits {
		g.recent(k, longest)
	}
}

// contactKey is the limiter key of a phone number or e-mail address: a
// hash, so that the counters hold no personal data.
func contactKey(kind, v string) string {
	v = strings.ToLower(strings.Join(strings.Fields(v), ""))
	if v == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(kind + ":" + v))
	return "contact:" + hex.EncodeToString(sum[:12])
}

// limits returns the limits with defaults for zero fields.
func (g *intakeGuard) limits() IntakeLimits {
	g.mu.Lock()
	l, d := g.limitsSet, DefaultIntakeLimits
	g.mu.Unlock()
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	pickD := func(v, def time.Duration) time.Duration {
		if v <= 0 {
			return def
		}
		return v
	}
	return IntakeLimits{
		PerIP: pick(l.PerIP, d.PerIP), PerIPWindow: pickD(l.PerIPWindow, d.PerIPWindow),
		PerContact: pick(l.PerContact, d.PerContact), PerContactWindow: pickD(l.PerContactWindow, d.PerContactWindow),
		TrackFailures: pick(l.TrackFailures, d.TrackFailures), TrackWindow: pickD(l.TrackWindow, d.TrackWindow),
		Challenges: pick(l.Challenges, d.Challenges), ChallengeWindow: pickD(l.ChallengeWindow, d.ChallengeWindow),
	}
}

// requestCaptcha serves a challenge as a PNG image (/requests/captcha/ID.png)
// or as spoken Chinese digits (/requests/captcha/ID.wav); ?reload=1 draws
// new digits for the same challenge first.
func (s *Server) requestCaptcha(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	id, ext, _ := strings.Cut(file, ".")
	if id == "" || (ext != "png" && ext != "wav") {
		s.notFound(w, r)
		return
	}
	g := s.intake
	if r.URL.Query().Get("reload") != "" {
		if g.store.Get(id, false) == nil {
			s.notFound(w, r)
			return
		}
		g.store.Set(id, captcha.RandomDigits(captchaDigits))
	}
	digits := g.store.Get(id, false)
	if len(digits) == 0 {
		s.notFound(w, r)
		return
	}
	var buf bytes.Buffer
	h := w.Header()
	if ext == "png" {
		if _, err := captcha.NewImage(id, digits, captchaWidth, captchaHeight).WriteTo(&buf); err != nil {
			s.serverError(w, r, err)
			return
		}
		h.Set("Content-Type", "image/png")
	} else {
		if _, err := captcha.NewAudio(id, digits, "zh").WriteTo(&buf); err != nil {
			s.serverError(w, r, err)
			return
		}
		h.Set("Content-Type", "audio/x-wav")
	}
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// tooMany answers 429 with a Chinese message.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("Retry-After", "3600")
	s.errorPage(w, r, http.StatusTooManyRequests, msg)
}
