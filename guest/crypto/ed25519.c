/* Ed25519 verification for rv32im.
 *
 * Field elements mod p = 2^255 - 19 are ten signed 32-bit limbs in radix 2^25.5 (limb i holds
 * 26 bits when i is even, 25 when odd), so a product of two limbs fits in a signed 64-bit
 * accumulator (one mul + one mulh on rv32im) with room for the 19-fold of the wrap-around terms.
 * Points are on the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 in extended coordinates
 * (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z, with the formulas of RFC 8032 §5.1.4. [S]B - [k]A is
 * one double-scalar multiplication: both scalars in width-5 NAF sharing one chain of doublings.
 */
#include "ed25519.h"

#include <string.h>

#include "sha512.h"

typedef struct {
	int32_t v[10];
} fe;

/* Bit offset and width of each limb. */
static const uint8_t POS[10] = {0, 26, 51, 77, 102, 128, 153, 179, 204, 230};
#define W(i) (((i) & 1) ? 25 : 26)

static void fe_0(fe *h) { memset(h, 0, sizeof *h); }
static void fe_1(fe *h) { fe_0(h); h->v[0] = 1; }

static void fe_add(fe *h, const fe *f, const fe *g)
{
	for (int i = 0; i < 10; i++)
		h->v[i] = f->v[i] + g->v[i];
}

static void fe_sub(fe *h, const fe *f, const fe *g)
{
	for (int i = 0; i < 10; i++)
		h->v[i] = f->v[i] - g->v[i];
}

static void fe_neg(fe *h, const fe *f)
{
	for (int i = 0; i < 10; i++)
		h->v[i] = -f->v[i];
}

/* Brings 64-bit limb sums back to |limb| <= 2^25 (limb 1 slightly more), rounding carries. A
 * residue fits in 32 bits, so it is computed in 32-bit arithmetic; only the carries are 64-bit. */
#define CARRY_STEP(i, w)                                                                          \
	do {                                                                                      \
		int64_t c_ = (h[i] + ((int64_t)1 << ((w) - 1))) >> (w);                            \
		h[(i) + 1] += c_;                                                                 \
		out->v[i] = (int32_t)((uint32_t)h[i] - ((uint32_t)c_ << (w)));                    \
	} while (0)

static inline __attribute__((always_inline)) void fe_carry64(fe *out, int64_t h[10])
{
	CARRY_STEP(0, 26);
	CARRY_STEP(1, 25);
	CARRY_STEP(2, 26);
	CARRY_STEP(3, 25);
	CARRY_STEP(4, 26);
	CARRY_STEP(5, 25);
	CARRY_STEP(6, 26);
	CARRY_STEP(7, 25);
	CARRY_STEP(8, 26);
	int64_t c = (h[9] + ((int64_t)1 << 24)) >> 25;
	out->v[9] = (int32_t)((uint32_t)h[9] - ((uint32_t)c << 25));
	int64_t h0 = (int64_t)out->v[0] + c * 19;
	c = (h0 + ((int64_t)1 << 25)) >> 26;
	out->v[0] = (int32_t)((uint32_t)h0 - ((uint32_t)c << 26));
	out->v[1] += (int32_t)c;
}

static void fe_carry(fe *h)
{
	int64_t t[10];
	for (int i = 0; i < 10; i++)
		t[i] = h->v[i];
	fe_carry64(h, t);
}

/* Schoolbook product. Limb i times limb j lands at weight POS[i] + POS[j], which is POS[i+j]
 * plus one extra bit when i and j are both odd (hence the doubled f); terms at or beyond 2^255
 * wrap around times 19. Inputs may be sums of up to four carried elements. */
static void fe_mul(fe *h, const fe *f, const fe *g)
{
	int32_t f2[10], g19[10];
	int64_t t[10] = {0};
	for (int i = 0; i < 10; i++) {
		f2[i] = (i & 1) ? 2 * f->v[i] : f->v[i];
		g19[i] = 19 * g->v[i];
	}
#pragma GCC unroll 10
	for (int i = 0; i < 10; i++) {
#pragma GCC unroll 10
		for (int j = 0; j < 10; j++) {
			int32_t a = (i & j & 1) ? f2[i] : f->v[i];
			int32_t b = (i + j >= 10) ? g19[j] : g->v[j];
			t[(i + j) % 10] += (int64_t)a * b;
		}
	}
	fe_carry64(h, t);
}

/* Squaring: the products f_i f_j and f_j f_i coincide, so each appears once, doubled. */
static void fe_sq(fe *h, const fe *f)
{
	int64_t t[10] = {0};
	int32_t f19[10];
	for (int i = 0; i < 10; i++)
		f19[i] = 19 * f->v[i];
#pragma GCC unroll 10
	for (int i = 0; i < 10; i++) {
#pragma GCC unroll 10
		for (int j = i; j < 10; j++) {
			int32_t a = f->v[i];
			if (i & j & 1)
				a *= 2;
			if (j != i)
				a *= 2;
			int32_t b = (i + j >= 10) ? f19[j] : f->v[j];
			t[(i + j) % 10] += (int64_t)a * b;
		}
	}
	fe_carry64(h, t);
}

static void fe_sqn(fe *h, const fe *f, int n)
{
	fe_sq(h, f);
	for (int i = 1; i < n; i++)
		fe_sq(h, h);
}

/* Loads 255 bits little-endian; bit 255 is ignored (callers read it as the sign of x). */
static void fe_frombytes(fe *h, const uint8_t s[32])
{
	for (int i = 0; i < 10; i++) {
		uint64_t w = 0;
		int byte = POS[i] / 8;
		for (int k = 7; k >= 0; k--)
			w = w << 8 | (byte + k < 32 ? s[byte + k] : 0);
		h->v[i] = (int32_t)((w >> (POS[i] % 8)) & (((uint64_t)1 << W(i)) - 1));
	}
	h->v[9] &= (1 << 25) - 1;
}

/* The canonical encoding: the unique representative in [0, p). */
static void fe_tobytes(uint8_t s[32], const fe *f)
{
	int64_t h[10];
	for (int i = 0; i < 10; i++)
		h[i] = f->v[i];
	/* Floor carries until every limb is in [0, 2^w): the value is then in [0, 2^255). */
	for (;;) {
		int64_t moved = 0;
		for (int i = 0; i < 9; i++) {
			int64_t c = h[i] >> W(i);
			h[i] -= c * ((int64_t)1 << W(i));
			h[i + 1] += c;
			moved |= c;
		}
		int64_t c = h[9] >> 25;
		h[9] -= c * ((int64_t)1 << 25);
		h[0] += 19 * c;
		moved |= c;
		if (moved == 0)
			break;
	}
	/* value >= p exactly when value + 19 reaches 2^255; then keep value + 19 - 2^255. */
	int64_t t[10];
	memcpy(t, h, sizeof t);
	t[0] += 19;
	for (int i = 0; i < 9; i++) {
		int64_t c = t[i] >> W(i);
		t[i] -= c * ((int64_t)1 << W(i));
		t[i + 1] += c;
	}
	if (t[9] >> 25) {
		t[9] &= (1 << 25) - 1;
		memcpy(h, t, sizeof t);
	}
	memset(s, 0, 32);
	for (int i = 0; i < 10; i++) {
		uint64_t w = (uint64_t)h[i] << (POS[i] % 8);
		for (int k = 0; k < 8 && POS[i] / 8 + k < 32; k++)
			s[POS[i] / 8 + k] |= (uint8_t)(w >> (8 * k));
	}
}

static int fe_isnegative(const fe *f)
{
	uint8_t s[32];
	fe_tobytes(s, f);
	return s[0] & 1;
}

static int fe_iszero(const fe *f)
{
	uint8_t s[32], z = 0;
	fe_tobytes(s, f);
	for (int i = 0; i < 32; i++)
		z |= s[i];
	return z == 0;
}

/* z^(2^250 - 1), the common head of the inversion and square-root exponents. */
static void fe_pow2_250_1(fe *out, fe *z11, const fe *z)
{
	fe z2, t, z2_5_0, z2_10_0, z2_20_0, z2_50_0, z2_100_0;
	fe_sq(&z2, z);               /* 2 */
	fe_sqn(&t, &z2, 2);          /* 8 */
	fe_mul(&t, &t, z);           /* 9 */
	fe_mul(z11, &t, &z2);        /* 11 */
	fe_sq(&z2, z11);             /* 22 */
	fe_mul(&z2_5_0, &z2, &t);    /* 2^5 - 1 */
	fe_sqn(&t, &z2_5_0, 5);
	fe_mul(&z2_10_0, &t, &z2_5_0);
	fe_sqn(&t, &z2_10_0, 10);
	fe_mul(&z2_20_0, &t, &z2_10_0);
	fe_sqn(&t, &z2_20_0, 20);
	fe_mul(&t, &t, &z2_20_0);    /* 2^40 - 1 */
	fe_sqn(&t, &t, 10);
	fe_mul(&z2_50_0, &t, &z2_10_0);
	fe_sqn(&t, &z2_50_0, 50);
	fe_mul(&z2_100_0, &t, &z2_50_0);
	fe_sqn(&t, &z2_100_0, 100);
	fe_mul(&t, &t, &z2_100_0);   /* 2^200 - 1 */
	fe_sqn(&t, &t, 50);
	fe_mul(out, &t, &z2_50_0);   /* 2^250 - 1 */
}

/* z^(p - 2) = z^(2^255 - 21). */
static void fe_invert(fe *out, const fe *z)
{
	fe t, z11;
	fe_pow2_250_1(&t, &z11, z);
	fe_sqn(&t, &t, 5);           /* 2^255 - 32 */
	fe_mul(out, &t, &z11);       /* 2^255 - 21 */
}

/* z^((p - 5) / 8) = z^(2^252 - 3). */
static void fe_pow22523(fe *out, const fe *z)
{
	fe t, z11;
	fe_pow2_250_1(&t, &z11, z);
	fe_sqn(&t, &t, 2);           /* 2^252 - 4 */
	fe_mul(out, &t, z);          /* 2^252 - 3 */
}

typedef struct {
	fe X, Y, Z, T;
} ge;

/* A point prepared for addition: (Y+X, Y-X, 2Z, 2dT). */
typedef struct {
	fe YpX, YmX, Z2, T2d;
} ge_cached;

static const uint8_t D_BYTES[32] = {
	0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00,
	0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
static const uint8_t SQRTM1_BYTES[32] = {
	0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f, 0xad, 0x06, 0x18, 0x43, 0x2f,
	0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b};
/* The base point B, encoded: y = 4/5, x even. */
static const uint8_t B_BYTES[32] = {
	0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};
/* L = 2^252 + 27742317777372353535851937790883648493, little-endian 32-bit words. */
static const uint32_t L_WORDS[8] = {0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0, 0, 0, 0x10000000};

static fe fe_d, fe_d2, fe_sqrtm1;
static ge_cached b_table[8]; /* B, 3B, ..., 15B */
static int ready;

/* RFC 8032 §5.1.3. Returns 0 when s is not the encoding of a point. */
static int ge_frombytes(ge *h, const uint8_t s[32])
{
	/* y must be canonical: y < p. */
	uint8_t ys[32];
	memcpy(ys, s, 32);
	ys[31] &= 0x7f;
	fe y;
	fe_frombytes(&y, ys);
	uint8_t back[32];
	fe_tobytes(back, &y);
	if (memcmp(back, ys, 32) != 0)
		return 0;
	fe u, v, v3, vxx, x;
	fe_1(&u);
	fe_sq(&v, &y);
	fe_mul(&v, &v, &fe_d);
	fe_add(&v, &v, &u);          /* v = d y^2 + 1 */
	fe_sq(&u, &y);
	fe one;
	fe_1(&one);
	fe_sub(&u, &u, &one);        /* u = y^2 - 1 */
	fe_carry(&u);
	fe_carry(&v);
	/* x = u v^3 (u v^7)^((p-5)/8) */
	fe_sq(&v3, &v);
	fe_mul(&v3, &v3, &v);
	fe_sq(&x, &v3);
	fe_mul(&x, &x, &v);
	fe_mul(&x, &x, &u);
	fe_pow22523(&x, &x);
	fe_mul(&x, &x, &v3);
	fe_mul(&x, &x, &u);
	fe_sq(&vxx, &x);
	fe_mul(&vxx, &vxx, &v);
	fe chk;
	fe_sub(&chk, &vxx, &u);
	if (!fe_iszero(&chk)) {
		fe_add(&chk, &vxx, &u);
		if (!fe_iszero(&chk))
			return 0;
		fe_mul(&x, &x, &fe_sqrtm1);
	}
	int sign = s[31] >> 7;
	if (fe_iszero(&x) && sign)
		return 0;
	if (fe_isnegative(&x) != sign)
		fe_neg(&x, &x);
	h->X = x;
	h->Y = y;
	fe_1(&h->Z);
	fe_mul(&h->T, &x, &y);
	return 1;
}

static void ge_tobytes(uint8_t s[32], const ge *p)
{
	fe zi, x, y;
	fe_invert(&zi, &p->Z);
	fe_mul(&x, &p->X, &zi);
	fe_mul(&y, &p->Y, &zi);
	fe_tobytes(s, &y);
	s[31] |= (uint8_t)(fe_isnegative(&x) << 7);
}

static void ge_to_cached(ge_cached *c, const ge *p)
{
	fe_add(&c->YpX, &p->Y, &p->X);
	fe_sub(&c->YmX, &p->Y, &p->X);
	fe_add(&c->Z2, &p->Z, &p->Z);
	fe_mul(&c->T2d, &p->T, &fe_d2);
}

/* The completed result (E, F, G, H) of an addition or doubling, before the final products. */
typedef struct {
	fe E, F, G, H;
} ge_done;

static void done_to_ge(ge *r, const ge_done *d, int want_t)
{
	fe_mul(&r->X, &d->E, &d->F);
	fe_mul(&r->Y, &d->G, &d->H);
	fe_mul(&r->Z, &d->F, &d->G);
	if (want_t)
		fe_mul(&r->T, &d->E, &d->H);
}

/* p + q (sign = +1) or p - q (sign = -1); -q swaps Y+X with Y-X and negates 2dT. */
static void ge_add(ge_done *d, const ge *p, const ge_cached *q, int sign)
{
	fe a, b, c, z;
	fe ymx, ypx;
	fe_sub(&ymx, &p->Y, &p->X);
	fe_add(&ypx, &p->Y, &p->X);
	fe_mul(&a, &ymx, sign > 0 ? &q->YmX : &q->YpX);
	fe_mul(&b, &ypx, sign > 0 ? &q->YpX : &q->YmX);
	fe_mul(&c, &p->T, &q->T2d);
	if (sign < 0)
		fe_neg(&c, &c);
	fe_mul(&z, &p->Z, &q->Z2);
	fe_sub(&d->E, &b, &a);
	fe_sub(&d->F, &z, &c);
	fe_add(&d->G, &z, &c);
	fe_add(&d->H, &b, &a);
}

static void ge_dbl(ge_done *d, const ge *p)
{
	fe a, b, c, s;
	fe_sq(&a, &p->X);
	fe_sq(&b, &p->Y);
	fe_sq(&c, &p->Z);
	fe_add(&c, &c, &c);
	fe_add(&d->H, &a, &b);
	fe_add(&s, &p->X, &p->Y);
	fe_sq(&s, &s);
	fe_sub(&d->E, &d->H, &s);
	fe_sub(&d->G, &a, &b);
	fe_add(&d->F, &c, &d->G);
	fe_carry(&d->F); /* four carried terms deep; bring it back before it is multiplied */
}

/* Odd multiples P, 3P, ..., 15P in cached form. */
static void make_table(ge_cached t[8], const ge *p)
{
	ge_done d;
	ge p2, cur = *p;
	ge_dbl(&d, p);
	done_to_ge(&p2, &d, 1);
	ge_cached c2;
	ge_to_cached(&c2, &p2);
	ge_to_cached(&t[0], &cur);
	for (int i = 1; i < 8; i++) {
		ge_add(&d, &cur, &c2, 1);
		done_to_ge(&cur, &d, 1);
		ge_to_cached(&t[i], &cur);
	}
}

static void init(void)
{
	fe_frombytes(&fe_d, D_BYTES);
	fe_add(&fe_d2, &fe_d, &fe_d);
	fe_carry(&fe_d2);
	fe_frombytes(&fe_sqrtm1, SQRTM1_BYTES);
	ge b;
	ge_frombytes(&b, B_BYTES);
	make_table(b_table, &b);
	ready = 1;
}

/* Width-5 NAF of a scalar below 2^253: digits odd in [-15, 15] or 0, nonzero digits at least
 * five places apart. */
static void wnaf5(int8_t naf[256], const uint8_t s[32])
{
	uint32_t x[9] = {0};
	for (int i = 0; i < 32; i++)
		x[i / 4] |= (uint32_t)s[i] << (8 * (i % 4));
	memset(naf, 0, 256);
	for (int i = 0; i < 256; i++) {
		if (x[0] & 1) {
			int d = (int)(x[0] & 31);
			if (d >= 16)
				d -= 32;
			naf[i] = (int8_t)d;
			/* x -= d, across words */
			if (d > 0) {
				uint32_t old = x[0];
				x[0] -= (uint32_t)d;
				for (int k = 1; k < 9 && x[k - 1] > old; k++) {
					old = x[k];
					x[k]--;
				}
			} else {
				uint32_t old = x[0];
				x[0] += (uint32_t)-d;
				for (int k = 1; k < 9 && x[k - 1] < old; k++) {
					old = x[k];
					x[k]++;
				}
			}
		}
		for (int k = 0; k < 8; k++)
			x[k] = x[k] >> 1 | x[k + 1] << 31;
		x[8] >>= 1;
	}
}

/* k = h mod L for a 512-bit little-endian h: bit by bit from the top, r = 2r + bit, minus L
 * when it reaches L. Slow per bit but only 512 steps per signature. */
static void reduce_mod_l(uint8_t out[32], const uint8_t h[64])
{
	uint32_t r[8] = {0};
	for (int bit = 511; bit >= 0; bit--) {
		for (int k = 7; k > 0; k--)
			r[k] = r[k] << 1 | r[k - 1] >> 31;
		r[0] = r[0] << 1 | ((h[bit / 8] >> (bit % 8)) & 1);
		int ge_l = 1;
		for (int k = 7; k >= 0; k--) {
			if (r[k] != L_WORDS[k]) {
				ge_l = r[k] > L_WORDS[k];
				break;
			}
		}
		if (ge_l) {
			uint32_t borrow = 0;
			for (int k = 0; k < 8; k++) {
				uint64_t d = (uint64_t)r[k] - L_WORDS[k] - borrow;
				r[k] = (uint32_t)d;
				borrow = (uint32_t)(d >> 63);
			}
		}
	}
	for (int i = 0; i < 32; i++)
		out[i] = (uint8_t)(r[i / 4] >> (8 * (i % 4)));
}

static int scalar_is_canonical(const uint8_t s[32])
{
	for (int k = 7; k >= 0; k--) {
		uint32_t w = (uint32_t)s[4 * k] | (uint32_t)s[4 * k + 1] << 8 | (uint32_t)s[4 * k + 2] << 16 |
			     (uint32_t)s[4 * k + 3] << 24;
		if (w != L_WORDS[k])
			return w < L_WORDS[k];
	}
	return 0; /* S == L */
}

int ed25519_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *msg, size_t len)
{
	if (!ready)
		init();
	const uint8_t *r_bytes = sig, *s_bytes = sig + 32;
	if (!scalar_is_canonical(s_bytes))
		return 0;
	ge a;
	if (!ge_frombytes(&a, pub))
		return 0;

	uint8_t h[64], k[32];
	sha512_ctx c;
	sha512_init(&c);
	sha512_update(&c, r_bytes, 32);
	sha512_update(&c, pub, 32);
	sha512_update(&c, msg, len);
	sha512_final(&c, h);
	reduce_mod_l(k, h);

	int8_t ns[256], nk[256];
	wnaf5(ns, s_bytes);
	wnaf5(nk, k);
	ge_cached a_table[8];
	make_table(a_table, &a);

	int top = 255;
	while (top >= 0 && ns[top] == 0 && nk[top] == 0)
		top--;
	ge r;
	fe_0(&r.X);
	fe_1(&r.Y);
	fe_1(&r.Z);
	fe_0(&r.T);
	ge_done d;
	for (int i = top; i >= 0; i--) {
		int adds = (ns[i] != 0) + (nk[i] != 0);
		ge_dbl(&d, &r);
		done_to_ge(&r, &d, adds > 0);
		if (ns[i] != 0) {
			ge_add(&d, &r, &b_table[(ns[i] < 0 ? -ns[i] : ns[i]) / 2], ns[i] > 0 ? 1 : -1);
			done_to_ge(&r, &d, --adds > 0);
		}
		if (nk[i] != 0) {
			/* subtracting [k]A: the digit's sign flips */
			ge_add(&d, &r, &a_table[(nk[i] < 0 ? -nk[i] : nk[i]) / 2], nk[i] > 0 ? -1 : 1);
			done_to_ge(&r, &d, 0);
		}
	}
	uint8_t check[32];
	ge_tobytes(check, &r);
	return memcmp(check, r_bytes, 32) == 0;
}
