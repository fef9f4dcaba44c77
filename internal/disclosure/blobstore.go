package disclosure

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gongkai/internal/store"
)

// BlobStore keeps attachment content addressed by its SHA-256 (hex), so
// identical files are stored once. Put of content already present is a
// no-op. The deployment chooses: local disk for one process, the database
// when several processes share no disk.
type BlobStore interface {
	Put(ctx context.Context, sha string, data []byte) error
	// Get opens the content and reports its size; store.ErrNotFound when missing.
	Get(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}

// SHA256 is the hex SHA-256 of data, the address of a blob.
func SHA256(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

func checkSHA(sha string, data []byte) error {
	if len(sha) != 64 {
		return fmt.Errorf("blob: bad address %q", sha)
	}
	if _, err := hex.DecodeString(sha); err != nil {
		return fmt.Errorf("blob: bad address %q", sha)
	}
	if data != nil && SHA256(data) != sha {
		return fmt.Errorf("blob %s: content does not match its address", sha)
	}
	return nil
}

// DiskBlobStore keeps blobs under DIR/blobs/ab/cd/<sha256>.
type DiskBlobStore struct {
	dir string
}

// NewDiskBlobStore returns a store under dir (created when needed).
func NewDiskBlobStore(dir string) *DiskBlobStore { return &DiskBlobStore{dir: dir} }

func (d *DiskBlobStore) path(sha string) string {
	return filepath.Join(d.dir, "blobs", sha[:2], sha[2:4], sha)
}

// Put writes data to a temporary file beside its final place, syncs it and
// renames it, so a reader never sees half a blob.
func (d *DiskBlobStore) Put(ctx context.Context, sha string, data []byte) error {
	if err := checkSHA(sha, data); err != nil {
		return err
	}
	p := d.path(sha)
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("blob %s: %w", sha, err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-"+sha[:8]+"-*")
	if err != nil {
		return fmt.Errorf("blob %s: %w", sha, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("blob %s: %w", sha, err)
	}
	return nil
}

// Get opens a blob.
func (d *DiskBlobStore) Get(ctx context.Context, sha string) (io.ReadCloser, int64, error) {
	if err := checkSHA(sha, nil); err != nil {
		return nil, 0, err
	}
	f, err := os.Open(d.path(sha))
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, fmt.Errorf("blob %s: %w", sha, store.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("blob %s: %w", sha, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("blob %s: %w", sha, err)
	}
	return f, st.Size(), nil
}

// DBBlobStore keeps blobs in the blobs table.
type DBBlobStore struct {
	db *store.DB
}

// NewDBBlobStore returns a store in db.
func NewDBBlobStore(db *store.DB) *DBBlobStore { return &DBBlobStore{db: db} }

// Put inserts the blob unless it is already there. It runs on its own
// (not in a caller's transaction): the attachment row that refers to it is
// written afterwards, and a blob left without one is harmless.
func (b *DBBlobStore) Put(ctx context.Context, sha string, data []byte) error {
	if err := checkSHA(sha, data); err != nil {
		return err
	}
	if data == nil {
		data = []byte{}
	}
	if _, err := b.db.Exec(ctx, `INSERT INTO blobs (sha256, size, data, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (sha256) DO NOTHING`, sha, int64(len(data)), data, store.Now()); err != nil {
		return fmt.Errorf("blob %s: %w", sha, err)
	}
	return nil
}

// Get reads a blob.
func (b *DBBlobStore) Get(ctx context.Context, sha string) (io.ReadCloser, int64, error) {
	var data []byte
	if err := b.db.QueryRow(ctx, `SELECT data FROM blobs WHERE sha256 = $1`, sha).Scan(&data); err != nil {
		return nil, 0, fmt.Errorf("blob %s: %w", sha, err)
	}
	return io.NopCloser(bytes.NewReader(data)), int64(len(data)), nil
}
