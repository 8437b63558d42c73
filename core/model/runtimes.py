"""Forward passes of a Keras model in the runtimes a user can install from PyPI.

Each builder takes a loaded Keras model and returns a :class:`Runtime`: a name and a function
from a float32 (n, h, w, c) batch to (n, 7) probabilities. ``tensorflow`` (a compiled
``tf.function``) is always there; the others need their package and raise ImportError without
it, so :func:`build_runtime` can fall back to TensorFlow. All are float32; nothing here changes
the numbers beyond float32 rounding (the benchmark measures how far apart they are).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

DEFAULT_RUNTIME = "tensorflow"


@dataclass(frozen=True)
class Runtime:
    name: str
    forward: Callable[[np.ndarray], np.ndarray]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.forward(np.ascontiguousarray(x, dtype=np.float32)))


def _signature(model: Any) -> Any:
    import tensorflow as tf

    return [tf.TensorSpec((None, *model.input_shape[1:]), tf.float32, name="image")]


def tensorflow_runtime(model: Any) -> Runtime:
    """``model(x, training=False)`` compiled once as a tf.function (no per-call data pipeline)."""
    import tensorflow as tf

    forward = tf.function(lambda x: model(x, training=False), input_signature=_signature(model), reduce_retracing=True)
    return Runtime("tensorflow", forward)


def xla_runtime(model: Any) -> Runtime:
    """The same tf.function compiled by XLA (``jit_compile=True``); recompiles per new batch size."""
    import tensorflow as tf

    return Runtime("xla", tf.function(lambda x: model(x, training=False), jit_compile=True))


def onnx_bytes(model: Any) -> bytes:
    """The model as ONNX, converted offline by tf2onnx from a frozen concrete function.

    Converting the Keras 3 model directly turns the Normalization layer's constants into extra
    graph inputs; freezing the concrete function first keeps them constants.
    """
    import tensorflow as tf
    import tf2onnx
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

    forward = tf.function(lambda x: model(x, training=False), input_signature=_signature(model))
    frozen = convert_variables_to_constants_v2(forward.get_concrete_function())
    proto, _ = tf2onnx.convert.from_graph_def(
        frozen.graph.as_graph_def(),
        input_names=[t.name for t in frozen.inputs],
        output_names=[t.name for t in frozen.outputs],
        opset=17,
    )
    return proto.SerializeToString()


def onnxruntime_runtime(model: Any, onnx: bytes | None = None) -> Runtime:
    """ONNX Runtime's CPU provider on the tf2onnx conversion."""
    import onnxruntime

    session = onnxruntime.InferenceSession(onnx or onnx_bytes(model), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return Runtime("onnxruntime", lambda x: session.run(None, {name: x})[0])


def openvino_runtime(model: Any, onnx: bytes | None = None) -> Runtime:
    """OpenVINO's CPU plugin on the same ONNX conversion, float32 inference precision."""
    import openvino

    core = openvino.Core()
    compiled = core.compile_model(
        core.read_model(onnx or onnx_bytes(model)), "CPU", {"INFERENCE_PRECISION_HINT": "f32"}
    )
    return Runtime("openvino", lambda x: compiled(x)[0])


BUILDERS: dict[str, Callable[..., Runtime]] = {
    "tensorflow": tensorflow_runtime,
    "xla": xla_runtime,
    "onnxruntime": onnxruntime_runtime,
    "openvino": openvino_runtime,
}


def build_runtime(model: Any, name: str = DEFAULT_RUNTIME) -> Runtime:
    """The named runtime for ``model``, or TensorFlow when that runtime's package is not installed."""
    if name not in BUILDERS:
        raise ValueError(f"unknown runtime {name!r}: choose from {', '.join(BUILDERS)}")
    try:
        return BUILDERS[name](model)
    except ImportError:
        return tensorflow_runtime(model)
