package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Errors callers test with errors.Is.
var (
	// ErrInvalidCredentials is the one answer to a failed login, whatever the
	// reason (unknown login, wrong password or code, locked account, inactive
	// user or unit), so that an attacker learns nothing from it.
	ErrInvalidCredentials = errors.New("auth: invalid credentials")
	// ErrThrottled means too many failed logins came from the client's address.
	ErrThrottled = errors.New("auth: too many failed logins from this address")
	// ErrNoSession means the session cookie names no live session.
	ErrNoSession = errors.New("auth: no such session or session expired")
	// ErrBadSetupToken means the setup link is wrong, used, or setup is done.
	ErrBadSetupToken = errors.New("auth: setup token invalid or already used")
)

// Config tunes hashing, sessions and lockout. Zero fields take the defaults
// of DefaultConfig.
type Config struct {
	Argon2Time      uint32
	Argon2MemoryKiB uint32
	Argon2Threads   uint8

	SessionIdle     time.Duration // default 30m
	SessionAbsolute time.Duration // default 12h

	// Per account: LockoutThreshold failures within LockoutWindow lock the
	// account for LockoutDuration.
	LockoutThreshold int
	LockoutWindow    time.Duration
	LockoutDuration  time.Duration

	// Per client address: IPThreshold failures within IPWindow refuse every
	// login from it for IPLockout.
	IPThreshold int
	IPWindow    time.Duration
	IPLockout   time.Duration

	Issuer string // TOTP issuer shown in authenticator apps
}

// DefaultConfig is the production setting: argon2id with t=2, m=19 MiB, p=1
// (OWASP's recommendation), 30-minute idle and 12-hour absolute sessions,
// 5 failures in 15 minutes lock an account for 15 minutes, 20 failures in 15
// minutes from one address block it for 15 minutes.
func DefaultConfig() Config {
	return Config{
		Argon2Time: 2, Argon2MemoryKiB: 19456, Argon2Threads: 1,
		SessionIdle: 30 * time.Minute, SessionAbsolute: 12 * time.Hour,
		LockoutThreshold: 5, LockoutWindow: 15 * time.Minute, LockoutDuration: 15 * time.Minute,
		IPThreshold: 20, IPWindow: 15 * time.Minute, IPLockout: 15 * time.Minute,
		Issuer: "Gongkai",
	}
}

// TestConfig is DefaultConfig with cheap hashing, for tests in any package.
func TestConfig() Config {
	c := DefaultConfig()
	c.Argon2Time, c.Argon2MemoryKiB, c.Argon2Threads = 1, 64, 1
	return c
}

// WithDefaults returns c with every zero field set to DefaultConfig's value:
// the configuration a Service actually uses.
func (c Config) WithDefaults() Config {
	d := DefaultConfig()
	if c.Argon2Time == 0 {
		c.Argon2Time = d.Argon2Time
	}
	if c.Argon2MemoryKiB == 0 {
		c.Argon2MemoryKiB = d.Argon2MemoryKiB
	}
	if c.Argon2Threads == 0 {
		c.Argon2Threads = d.Argon2Threads
	}
	if c.SessionIdle <= 0 {
		c.SessionIdle = d.SessionIdle
	}
	if c.SessionAbsolute <= 0 {
		c.SessionAbsolute = d.SessionAbsolute
	}
	if c.LockoutThreshold <= 0 {
		c.LockoutThreshold = d.LockoutThreshold
	}
	if c.LockoutWindow <= 0 {
		c.LockoutWindow = d.LockoutWindow
	}
	if c.LockoutDuration <= 0 {
		c.LockoutDuration = d.LockoutDuration
	}
	if c.IPThreshold <= 0 {
		c.IPThreshold = d.IPThreshold
	}
	if c.IPWindow <= 0 {
		c.IPWindow = d.IPWindow
	}
	if c.IPLockout <= 0 {
		c.IPLockout = d.IPLockout
	}
	if c.Issuer == "" {
		c.Issuer = d.Issuer
	}
	return c
}

// Service runs the use cases of this package on one database.
type Service struct {
	db  *store.DB
	cfg Config
	now func() time.Time

	dummyOnce sync.Once
	dummyHash string
}

// NewService returns a Service; zero fields of cfg take their defaults.
func NewService(db *store.DB, cfg Config) *Service {
	return &Service{db: db, cfg: cfg.WithDefaults(), now: time.Now}
}

// SetClock replaces the clock, for tests. Not safe to call concurrently
// with other methods.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// clock is the current instant as stored: UTC, microseconds.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand panics rather than return short)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how session ids, API tokens and setup tokens are stored.
func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// forUpdate locks the selected rows on PostgreSQL; SQLite transactions
// already hold the one write lock.
func forUpdate(q store.Querier, of string) string {
	if q.Dialect() != store.Postgres {
		return ""
	}
	if of != "" {
		return " FOR UPDATE OF " + of
	}
	return " FOR UPDATE"
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// wrapf adds context to err, except to validation errors, which go back as
// they are: they speak to the user, who needs no context in English.
func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ve *valid.Errors
	if errors.As(err, &ve) {
		return ve
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
