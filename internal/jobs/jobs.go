// Package jobs runs background work on a schedule: each job at most once
// per period across every process sharing the database, under a lease in
// table job_leases.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	"gongkai/internal/store"
)

// Job is one piece of periodic work.
type Job struct {
	Name  string        // unique, e.g. "requests.reminders"
	Every time.Duration // the period between runs
	Run   func(ctx context.Context) error
}

// Runner runs Jobs until its context ends.
type Runner struct {
	DB     *store.DB
	Logger *slog.Logger
	Jobs   []Job
	// Tick is how often the runner looks for due jobs (default one minute).
	Tick time.Duration
	// Lease is how long a run may hold its job (default ten minutes); the
	// run's context ends then, and another process may take the job.
	Lease time.Duration
	// Holder names this process in the leases (default host-pid-random).
	Holder string
	// Now returns the current instant (tests pin it; default store.Now).
	Now func() time.Time
}

func (r *Runner) defaults() {
	if r.Tick <= 0 {
		r.Tick = time.Minute
	}
	if r.Lease <= 0 {
		r.Lease = 10 * time.Minute
	}
	if r.Holder == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		rand.Read(b)
		r.Holder = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	if r.Now == nil {
		r.Now = store.Now
	}
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
}

// Run loops until ctx is done, running each due job; it returns ctx's error.
func (r *Runner) Run(ctx context.Context) error {
	r.defaults()
	t := time.NewTicker(r.Tick)
	defer t.Stop()
	for {
		r.RunDue(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// RunDue runs, once, every job that is due and whose lease this process
// takes. It returns the names of the jobs it ran.
func (r *Runner) RunDue(ctx context.Context) []string {
	r.defaults()
	var ran []string
	for _, j := range r.Jobs {
		if ctx.Err() != nil {
			break
		}
		ok, err := r.acquire(ctx, j)
		if err != nil {
			r.Logger.Error("job lease failed", "job", j.Name, "err", err)
			continue
		}
		if !ok {
			continue
		}
		ran = append(ran, j.Name)
		r.runOne(ctx, j)
	}
	return ran
}

func (r *Runner) runOne(ctx context.Context, j Job) {
	start := r.Now()
	jctx, cancel := context.WithTimeout(ctx, r.Lease)
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		return j.Run(jctx)
	}()
	cancel()
	if err != nil {
		r.Logger.Error("job failed", "job", j.Name, "err", err, "elapsed", time.Since(start).Round(time.Millisecond))
	} else {
		r.Logger.Info("job done", "job", j.Name, "elapsed", time.Since(start).Round(time.Millisecond))
	}
	// Release: the run is recorded and the lease ends now, whatever the
	// outcome (a failing job is tried again at its next period).
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer rcancel()
	if _, err := r.DB.Exec(rctx, `UPDATE job_leases SET last_run_at = $1, expires_at = $2 WHERE name = $3 AND holder = $4`,
		start, r.Now(), j.Name, r.Holder); err != nil {
		r.Logger.Error("job release failed", "job", j.Name, "err", err)
	}
}

// acquire takes j's lease when j is due (never run, or last run at least
// Every ago) and no other process holds it. The UPDATE's WHERE is checked
// and the row written atomically on both engines, so one process wins.
func (r *Runner) acquire(ctx context.Context, j Job) (bool, error) {
	now := r.Now()
	if _, err := r.DB.Exec(ctx, `INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, '', $2)
		ON CONFLICT (name) DO NOTHING`, j.Name, time.Unix(0, 0).UTC()); err != nil {
		return false, fmt.Errorf("job %s: lease row: %w", j.Name, err)
	}
	res, err := r.DB.Exec(ctx, `UPDATE job_leases SET holder = $1, expires_at = $2
		WHERE name = $3 AND expires_at < $4 AND (last_run_at IS NULL OR last_run_at <= $5)`,
		r.Holder, now.Add(r.Lease), j.Name, now, now.Add(-j.Every))
	if err != nil {
		return false, fmt.Errorf("job %s: lease: %w", j.Name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("job %s: lease: %w", j.Name, err)
	}
	return n == 1, nil
}
