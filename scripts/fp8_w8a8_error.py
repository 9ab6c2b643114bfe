#!/usr/bin/env python3
"""How far W8A8-fp8 (x and h quantised per token to e4m3, as cuBLASLt's fp8 baseline runs) is
from moebench's weight-only fp8 oracle, as verify() measures it (normalised max error), on
random data shaped like tests and models. docs/precisions.md quotes its output.
Usage: scripts/fp8_w8a8_error.py [number of shapes, 1-4]   (needs numpy: python3-numpy)"""
import numpy as np, sys
def e4m3(x):
    a=np.abs(x); s=np.sign(x)
    a=np.minimum(a,448.0)
    e=np.floor(np.log2(np.maximum(a,2.0**-9)))
    e=np.maximum(e,-6)           # subnormals: step 2^-9
    step=2.0**(e-3)
    q=np.round(a/step)*step      # numpy round = half to even
    return s*np.minimum(q,448.0)
def qrows(m):
    sc=np.abs(m).max(axis=1,keepdims=True)/448.0; sc[sc==0]=1
    return e4m3(m/sc)*sc
rng=np.random.default_rng(1)
for (d,f,t) in [(256,320,1),(256,320,131),(1024,2816,64),(4096,14336,8)][:int(sys.argv[1]) if len(sys.argv)>1 else 3]:
    x=rng.uniform(-1,1,(t,d)); wg=rng.uniform(-1,1,(f,d))/np.sqrt(d); wu=rng.uniform(-1,1,(f,d))/np.sqrt(d); wd=rng.uniform(-1,1,(d,f))/np.sqrt(f)
    silu=lambda z: z/(1+np.exp(-z))
    ref=(silu(x@wg.T)*(x@wu.T))@wd.T
    qg,qu,qd=qrows(wg),qrows(wu),qrows(wd)
    wo=(silu(x@qg.T)*(x@qu.T))@qd.T            # weight-only fp8 (the semantics)
    xq=qrows(x); h=silu(xq@qg.T)*(xq@qu.T); hq=qrows(h); w8a8=hq@qd.T
    n=lambda o: np.abs(o-wo).max()/np.abs(wo).max()
    print(f"d_model {d} d_ff {f} tokens {t}: W8A8 vs weight-only oracle {n(w8a8):.2e}")
