package ttlcache

import (
	"errors"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := New[int, string](5*time.Second, 2)
	c.now = func() time.Time { return now }
	calls := 0
	load := func(v string) func() (string, error) {
		return func() (string, error) { calls++; return v, nil }
	}
	if v, _ := c.Load(1, load("a")); v != "a" || calls != 1 {
		t.Fatalf("first load: %q, %d calls", v, calls)
	}
	if v, _ := c.Load(1, load("b")); v != "a" || calls != 1 {
		t.Errorf("within the TTL: %q, %d calls", v, calls)
	}
	now = now.Add(5 * time.Second)
	if v, _ := c.Load(1, load("b")); v != "b" || calls != 2 {
		t.Errorf("after the TTL: %q, %d calls", v, calls)
	}
	// Errors are not kept.
	if _, err := c.Load(2, func() (string, error) { return "", errors.New("x") }); err == nil {
		t.Error("error lost")
	}
	if v, _ := c.Load(2, load("c")); v != "c" {
		t.Errorf("after an error: %q", v)
	}
	// Bounded: a third key starts again empty.
	c.Load(3, load("d"))
	if len(c.m) != 1 {
		t.Errorf("%d entries, want 1 after overflow", len(c.m))
	}
	// Reset empties it.
	c.Reset()
	if v, _ := c.Load(3, load("e")); v != "e" {
		t.Errorf("after Reset: %q", v)
	}
}

// TestResetDuringLoad: a value read before a change must not be stored after it.
func TestResetDuringLoad(t *testing.T) {
	c := New[int, string](time.Minute, 10)
	c.Load(1, func() (string, error) { c.Reset(); return "old", nil })
	if v, _ := c.Load(1, func() (string, error) { return "new", nil }); v != "new" {
		t.Errorf("a load that raced a Reset was kept: %q", v)
	}
}

func TestNilCachesNothing(t *testing.T) {
	var c *Cache[int, int]
	n := 0
	c.Load(1, func() (int, error) { n++; return 1, nil })
	c.Load(1, func() (int, error) { n++; return 1, nil })
	c.Reset()
	if n != 2 {
		t.Errorf("nil cache called the loader %d times, want 2", n)
	}
}
