package auth

import "testing"

// BenchmarkHashPassword is the cost of one login's password check with the
// production parameters (argon2id t=2, m=19 MiB, p=1): what a person waits
// for, and what bounds a password-guessing attacker.
func BenchmarkHashPassword(b *testing.B) {
	s := &Service{cfg: DefaultConfig().WithDefaults()}
	for b.Loop() {
		s.hashPassword("Qingshan@2026")
	}
}
