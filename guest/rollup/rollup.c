/* The L2 block guest: applies a block of signed transfers to a sparse Merkle tree of accounts
 * and commits pre root, post root, batch hash, chain id, accepted/rejected counts and total
 * fees. docs/rollup-block.md is the specification; the steps below carry its numbers.
 * Built with -DTSR_NO_SIG it skips signature checks, to measure the state transition alone. */
#include <stdint.h>
#include <string.h>

#include "ed25519.h"
#include "keccak256.h"
#include "tessera.h"

#define DEPTH 24
#define VERSION 1
#define EXIT_MALFORMED 1
#define EXIT_BAD_WITNESS 2

typedef struct {
	uint64_t balance, nonce;
	uint8_t pubkey[32];
} account;

typedef struct {
	uint32_t from, to;
	uint64_t amount, fee, nonce;
	uint8_t sig[64];
} transfer;

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void wr64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static void read_exact(void *buf, size_t len)
{
	if (tsr_read(buf, len) != len)
		tsr_exit(EXIT_MALFORMED);
}

static void account_decode(account *a, const uint8_t b[48])
{
	a->balance = rd64(b);
	a->nonce = rd64(b + 8);
	memcpy(a->pubkey, b + 16, 32);
}

static void leaf_hash(uint8_t out[32], const account *a)
{
	uint8_t b[48];
	wr64(b, a->balance);
	wr64(b + 8, a->nonce);
	memcpy(b + 16, a->pubkey, 32);
	for (int i = 0; i < 48; i++)
		if (b[i] != 0) {
			keccak256(b, 48, out);
			return;
		}
	memset(out, 0, 32); /* the empty account is the empty leaf */
}

static void root_from(uint8_t root[32], uint32_t index, const account *a, const uint8_t siblings[DEPTH][32])
{
	leaf_hash(root, a);
	for (int h = 0; h < DEPTH; h++) {
		if ((index >> h) & 1)
			keccak256_pair(siblings[h], root, root);
		else
			keccak256_pair(root, siblings[h], root);
	}
}

/* The account witness of one side of a transfer, read from the block. */
typedef struct {
	account acc;
	uint8_t siblings[DEPTH][32];
} witness;

static void read_witness(witness *w)
{
	uint8_t b[48];
	read_exact(b, 48);
	account_decode(&w->acc, b);
	read_exact(w->siblings, sizeof w->siblings);
}

static void check_witness(const witness *w, uint32_t index, const uint8_t root[32])
{
	uint8_t got[32];
	root_from(got, index, &w->acc, w->siblings);
	if (memcmp(got, root, 32) != 0)
		tsr_exit(EXIT_BAD_WITNESS);
}

#ifndef TSR_NO_SIG
static int signature_ok(const transfer *t, uint32_t chain_id, const uint8_t pubkey[32])
{
	uint8_t m[44];
	memcpy(m, "TSRL2TX1", 8);
	wr32(m + 8, chain_id);
	wr32(m + 12, t->from);
	wr32(m + 16, t->to);
	wr64(m + 20, t->amount);
	wr64(m + 28, t->fee);
	wr64(m + 36, t->nonce);
	return ed25519_verify(t->sig, pubkey, m, sizeof m);
}
#endif

int main(void)
{
	uint8_t hdr[52];
	read_exact(hdr, sizeof hdr);
	if (memcmp(hdr, "TSRB", 4) != 0 || rd32(hdr + 4) != VERSION || rd32(hdr + 12) != DEPTH)
		return EXIT_MALFORMED;
	uint32_t chain_id = rd32(hdr + 8);
	uint8_t pre_root[32], root[32], mid[32];
	memcpy(pre_root, hdr + 16, 32);
	memcpy(root, pre_root, 32);
	uint32_t count = rd32(hdr + 48);

	keccak256_ctx batch;
	keccak256_init(&batch);
	uint32_t accepted = 0, rejected = 0;
	uint64_t total_fees = 0;
	static witness wf, wt;

	for (uint32_t n = 0; n < count; n++) {
		uint8_t rec[96];
		read_exact(rec, sizeof rec);
		keccak256_update(&batch, rec, sizeof rec);
		transfer t;
		t.from = rd32(rec);
		t.to = rd32(rec + 4);
		t.amount = rd64(rec + 8);
		t.fee = rd64(rec + 16);
		t.nonce = rd64(rec + 24);
		memcpy(t.sig, rec + 32, 64);
		if ((t.from >> DEPTH) != 0 || (t.to >> DEPTH) != 0)
			return EXIT_MALFORMED;
		read_witness(&wf);
		read_witness(&wt);

		/* 1. sender witness against the current root */
		check_witness(&wf, t.from, root);
		account *s = &wf.acc;
		int ok = 1;
#ifndef TSR_NO_SIG
		/* 2. signature */
		ok = signature_ok(&t, chain_id, s->pubkey);
#endif
		/* 3. nonce, 4. funds */
		uint64_t debit = t.amount + t.fee;
		ok = ok && t.nonce == s->nonce && debit >= t.amount && debit <= s->balance &&
		     total_fees + t.fee >= total_fees;
		/* 5. debit */
		if (ok) {
			s->balance -= debit;
			s->nonce++;
			root_from(mid, t.from, s, wf.siblings);
		} else {
			memcpy(mid, root, 32);
		}
		/* 6. receiver witness against the root after the debit */
		check_witness(&wt, t.to, mid);
		/* 7. credit */
		account *r = &wt.acc;
		if (ok && r->balance + t.amount < r->balance)
			ok = 0;
		if (ok) {
			r->balance += t.amount;
			root_from(root, t.to, r, wt.siblings);
			accepted++;
			total_fees += t.fee;
		} else {
			rejected++;
		}
	}
	uint8_t extra;
	if (tsr_read(&extra, 1) != 0)
		return EXIT_MALFORMED;

	uint8_t journal[116];
	memcpy(journal, pre_root, 32);
	memcpy(journal + 32, root, 32);
	keccak256_final(&batch, journal + 64);
	wr32(journal + 96, chain_id);
	wr32(journal + 100, accepted);
	wr32(journal + 104, rejected);
	wr64(journal + 108, total_fees);
	tsr_commit(journal, sizeof journal);
	return 0;
}
