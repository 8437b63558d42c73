#!/usr/bin/env bash
# One prepared run on a lent GPU machine (see README, "Training on a GPU"):
#   1. pretrain the VGG16 base without labels (core.train.pretrain, rotation prediction);
#   2. train baseline and optimized at several learning rates (OPT_LRS) in parallel with core.train;
#   3. keep the optimized run with the best PublicTest accuracy (PrivateTest is not even there);
#   4. put both models (tools.device_models pack, parts of 15 MiB) and the logs, cards and
#      histories into $OUT; rebuild them here with python -m tools.device_models unpack.
# Budgets in minutes: PRETRAIN_MIN, TRAIN_MIN. A local dry run:
#   OUT=/tmp/out SKIP_WHEELS=1 PRETRAIN_EPOCHS=1 EXTRA_ARGS="--limit 128" bash tools/device_train.sh
set -u
[ -n "${SKIP_WHEELS:-}" ] || python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD KERAS_BACKEND=jax FER_CACHE_DIR=/tmp/fer_cache PYTHONUNBUFFERED=1
python3 -c "import keras; keras.ops.convert_to_numpy(keras.ops.ones(2) + 1)" || export KERAS_BACKEND=torch
python3 -c "import keras, importlib; b = keras.config.backend(); print('keras', keras.__version__, b, importlib.import_module(b).__version__)"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 -m tools.device_data unpack .devdata/fer_train_public.npz --to /tmp/fer2013
python3 -m core.data --data /tmp/fer2013 > /dev/null 2>&1
W=/tmp/work
BB=models/backbone/rotation.weights.h5
mkdir -p $W /tmp/final
XLA_PYTHON_CLIENT_MEM_FRACTION=0.5 timeout "${PRETRAIN_TIMEOUT:-90}" python3 -m core.train.pretrain --data /tmp/fer2013 \
    --out $BB --epochs "${PRETRAIN_EPOCHS:-15}" --max-minutes "${PRETRAIN_MIN:-1}" ${EXTRA_ARGS:-} > $W/pretrain.log 2>&1
tail -n 2 $W/pretrain.log
cp models/backbone/rotation.json $W/
export XLA_PYTHON_CLIENT_MEM_FRACTION=0.2
common=(--data /tmp/fer2013 --backbone-weights $BB --max-minutes "${TRAIN_MIN:-2.75}" ${EXTRA_ARGS:-})
timeout "${TRAIN_TIMEOUT:-200}" python3 -m core.train --scenario baseline "${common[@]}" --models-dir $W/baseline \
    --lr 1e-3 --epochs 60 --patience 8 > $W/baseline.log 2>&1 &
for lr in ${OPT_LRS:-1e-4 5e-5 3e-5}; do
    timeout "${TRAIN_TIMEOUT:-200}" python3 -m core.train --scenario optimized "${common[@]}" \
        --models-dir $W/optimized_lr$lr --lr $lr --epochs 60 --patience 6 --head-warmup 5 > $W/optimized_lr$lr.log 2>&1 &
done
wait
python3 tools/device_select.py $W /tmp/final
tar czf "$OUT/runs.tar.gz" -C $W --exclude='*.keras' --exclude='*.h5' .
python3 -m tools.device_models pack --from /tmp/final --out "$OUT"
ls -la "$OUT"
