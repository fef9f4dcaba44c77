package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestOneLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var mu sync.Mutex
		now := time.Date(2025, 3, 20, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

		var runs atomic.Int32
		release := make(chan struct{})
		started := make(chan struct{}, 2)
		slow := Job{Name: "test.slow", Every: time.Hour, Run: func(ctx context.Context) error {
			runs.Add(1)
			select {
			case started <- struct{}{}:
			default:
			}
			<-release
			return nil
		}}
		var fails atomic.Int32
		failing := Job{Name: "test.fail", Every: time.Hour, Run: func(ctx context.Context) error {
			fails.Add(1)
			return errors.New("boom")
		}}
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		a := &Runner{DB: db, Logger: logger, Jobs: []Job{slow}, Holder: "a", Now: clock}
		b := &Runner{DB: db, Logger: logger, Jobs: []Job{slow, failing}, Holder: "b", Now: clock}

		// a holds the lease while it runs: b does not run the job.
		done := make(chan []string)
		go func() { done <- a.RunDue(ctx) }()
		<-started
		if ran := b.RunDue(ctx); len(ran) != 1 || ran[0] != "test.fail" {
			t.Errorf("b ran %v while a held the lease", ran)
		}
		close(release)
		if ran := <-done; len(ran) != 1 {
			t.Errorf("a ran %v", ran)
		}
		// Not due again within the hour, on either runner.
		advance(30 * time.Minute)
		if ran := b.RunDue(ctx); len(ran) != 0 {
			t.Errorf("ran before due: %v", ran)
		}
		// An hour after the last run it is due, once.
		advance(31 * time.Minute)
		if ran := b.RunDue(ctx); len(ran) != 2 {
			t.Errorf("b ran %v, want both jobs", ran)
		}
		if ran := a.RunDue(ctx); len(ran) != 0 {
			t.Errorf("a ran %v right after b", ran)
		}
		if runs.Load() != 2 || fails.Load() != 2 {
			t.Errorf("runs %d, fails %d", runs.Load(), fails.Load())
		}
		var last time.Time
		if err := db.QueryRow(ctx, `SELECT last_run_at FROM job_leases WHERE name = 'test.slow'`).Scan(&last); err != nil {
			t.Fatal(err)
		}
		if !last.Equal(clock()) {
			t.Errorf("last_run_at = %v, want %v", last, clock())
		}

		// A crashed holder's lease expires.
		if _, err := db.Exec(ctx, `UPDATE job_leases SET holder = 'gone', expires_at = $1, last_run_at = NULL WHERE name = 'test.slow'`,
			clock().Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if ran := a.RunDue(ctx); len(ran) != 0 {
			t.Errorf("ran under another's lease: %v", ran)
		}
		advance(6 * time.Minute)
		if ran := a.RunDue(ctx); len(ran) != 1 {
			t.Errorf("expired lease not taken: %v", ran)
		}
	})
}

func TestRunStops(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		var n atomic.Int32
		r := &Runner{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Tick: 10 * time.Millisecond,
			Jobs: []Job{{Name: "test.tick", Every: time.Hour, Run: func(context.Context) error { n.Add(1); cancel(); return nil }}}}
		err := r.Run(ctx)
		if !errors.Is(err, context.Canceled) || n.Load() != 1 {
			t.Errorf("Run = %v after %d runs", err, n.Load())
		}
	})
}
