package auth

import (
	"context"
	"fmt"

	"gongkai/internal/store"
)

// GetSetting reads a value from the settings table; a missing key is
// store.ErrNotFound.
func GetSetting(ctx context.Context, q store.Querier, key string) (string, error) {
	var v string
	if err := q.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v); err != nil {
		return "", fmt.Errorf("setting %q: %w", key, err)
	}
	return v, nil
}

// PutSetting inserts or replaces a setting. The caller audits the change.
func PutSetting(ctx context.Context, tx *store.Tx, key, value string) error {
	_, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, store.Now())
	if err != nil {
		return fmt.Errorf("setting %q: put: %w", key, err)
	}
	return nil
}

// DeleteSetting removes a setting; a missing key is not an error. The
// caller audits the change.
func DeleteSetting(ctx context.Context, tx *store.Tx, key string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM settings WHERE key = $1`, key); err != nil {
		return fmt.Errorf("setting %q: delete: %w", key, err)
	}
	return nil
}
